// Locates ../shared (spec vectors and fixtures) beside the clone. Override with BEDROCK_FETCH_SHARED.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function findShared(): string {
  const fromEnv = (globalThis as { process?: { env: Record<string, string | undefined> } }).process
    ?.env.BEDROCK_FETCH_SHARED;
  if (fromEnv) return resolve(fromEnv);
  const repo = resolve(dirname(new URL(import.meta.url).pathname), "..");
  const candidate = resolve(repo, "..", "shared");
  if (existsSync(join(candidate, "spec"))) return candidate;
  throw new Error(`Cannot find shared/: looked at ${candidate} (set BEDROCK_FETCH_SHARED)`);
}

/** Absolute path of the shared folder. */
export const SHARED_DIR: string = findShared();
/** Absolute path of shared/spec. */
export const SPEC_DIR: string = join(SHARED_DIR, "spec");
/** Absolute path of shared/fixtures. */
export const FIXTURES_DIR: string = join(SHARED_DIR, "fixtures");
/** Absolute path of the repository root. */
export const REPO_DIR: string = resolve(dirname(new URL(import.meta.url).pathname), "..");
