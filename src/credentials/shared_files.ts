/**
 * Reading `~/.aws/config` and `~/.aws/credentials` (server runtimes only).
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { type IniSection, mergeProfiles, parseIni } from "./_ini.ts";
import { builtin, errorCode, type Os, readTextFile } from "./_node.ts";
import { unavailable } from "./_util.ts";
import type { CredentialsEnv } from "./types.ts";

/**
 * The profiles found in the shared files.
 *
 * @example
 * ```ts ignore
 * import { loadSharedProfiles } from "@bedrock-fetch/core/credentials";
 * const { profiles } = await loadSharedProfiles();
 * console.log(profiles.get("default")?.region);
 * ```
 */
export interface SharedProfiles {
  /** Profile name → keys, the credentials file winning over the config file. */
  readonly profiles: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** The two paths read (config, credentials), for messages. */
  readonly paths: readonly string[];
  /** The `[sso-session name]` sections of the config file, by name. */
  readonly ssoSessions: ReadonlyMap<string, Readonly<Record<string, string>>>;
}

/** The home directory: `HOME`, `USERPROFILE`, else `os.homedir()`. */
export async function homeDir(env: CredentialsEnv | undefined): Promise<string> {
  const home = readEnv("HOME", env) ?? readEnv("USERPROFILE", env);
  if (home) return home;
  try {
    return (await builtin<Os>("node:os")).homedir();
  } catch {
    return "~";
  }
}

async function expand(path: string, env: CredentialsEnv | undefined): Promise<string> {
  return path === "~" || path.startsWith("~/") || path.startsWith("~\\")
    ? (await homeDir(env)) + path.slice(1)
    : path;
}

async function readIni(path: string): Promise<Map<string, IniSection>> {
  try {
    return parseIni(await readTextFile(path));
  } catch (e) {
    const code = errorCode(e);
    if (code === "ENOENT" || code === "ENOTDIR") return new Map();
    const why = code === "NotCapable" || code === "PermissionDenied"
      ? "reading files is not allowed (Deno: --allow-read)"
      : `cannot read ${path} (${code})`;
    throw unavailable("profile", why);
  }
}

/**
 * Reads and merges the shared config and credentials files: `AWS_CONFIG_FILE` (default
 * `~/.aws/config`) and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`). Missing files
 * count as empty.
 *
 * @param env Read the variables from here instead of the process environment.
 * @returns The profiles and the paths read.
 * @throws {BedrockCredentialsError} When a file exists but cannot be read.
 * @example Usage
 * ```ts ignore
 * import { loadSharedProfiles } from "@bedrock-fetch/core/credentials";
 * const { profiles } = await loadSharedProfiles({ AWS_CONFIG_FILE: "/tmp/config" });
 * console.log([...profiles.keys()]);
 * ```
 */
export async function loadSharedProfiles(env?: CredentialsEnv): Promise<SharedProfiles> {
  const configPath = await expand(readEnv("AWS_CONFIG_FILE", env) ?? "~/.aws/config", env);
  const credentialsPath = await expand(
    readEnv("AWS_SHARED_CREDENTIALS_FILE", env) ?? "~/.aws/credentials",
    env,
  );
  const [config, credentials] = await Promise.all([readIni(configPath), readIni(credentialsPath)]);
  const ssoSessions = new Map<string, Readonly<Record<string, string>>>();
  for (const [name, values] of config) {
    if (name.startsWith("sso-session ")) ssoSessions.set(name.slice(12).trim(), values);
  }
  return {
    profiles: mergeProfiles(config, credentials),
    paths: [configPath, credentialsPath],
    ssoSessions,
  };
}
