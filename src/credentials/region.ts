/**
 * Region resolution: option → `AWS_REGION` → `AWS_DEFAULT_REGION` → profile → error.
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { BedrockCredentialsError, type CredentialsAttempt } from "../errors.ts";
import { loadServerSources, type ServerLoader } from "./_lazy.ts";
import type { CredentialsEnv } from "./types.ts";

/**
 * Options of {@linkcode resolveRegion}.
 *
 * @example
 * ```ts
 * import type { RegionOptions } from "@bedrock-fetch/core/credentials";
 * const options: RegionOptions = { env: { AWS_REGION: "eu-west-1" } };
 * ```
 */
export interface RegionOptions {
  /** A region given in code; wins over everything else. */
  readonly region?: string | undefined;
  /** Read variables from here instead of the process environment. */
  readonly env?: CredentialsEnv | undefined;
  /** The shared-config profile whose `region` is used last; else `AWS_PROFILE`, else `default`. */
  readonly profile?: string | undefined;
}

/**
 * Resolves the AWS region: `region` → `AWS_REGION` → `AWS_DEFAULT_REGION` → the profile's `region`
 * in `~/.aws/config` (where a file system exists). There is no silent default.
 *
 * @param options The explicit region, environment and profile.
 * @returns The region, e.g. `us-east-1`.
 * @throws {BedrockCredentialsError} When no source names a region, or the region is malformed.
 * @example Usage
 * ```ts
 * import { resolveRegion } from "@bedrock-fetch/core/credentials";
 * console.log(await resolveRegion({ env: { AWS_REGION: "eu-west-1" } })); // "eu-west-1"
 * ```
 */
export function resolveRegion(options: RegionOptions = {}): Promise<string> {
  return regionWith(options, loadServerSources);
}

/** @internal resolveRegion with an injectable loader for the profile step. */
export async function regionWith(options: RegionOptions, loader: ServerLoader): Promise<string> {
  const attempts: CredentialsAttempt[] = [];
  const found = (value: string, source: string): string => {
    // A DNS host label, as the AWS SDKs check (the region goes into the endpoint host name).
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(value)) {
      throw new BedrockCredentialsError(
        `Cannot resolve region: ${source} must be a host label like "us-east-1", current value is ${
          JSON.stringify(value.slice(0, 40))
        }`,
      );
    }
    return value;
  };
  if (options.region) return found(options.region, "the region option");
  attempts.push({ source: "option", reason: "region is not set" });
  for (const name of ["AWS_REGION", "AWS_DEFAULT_REGION"]) {
    const value = readEnv(name, options.env);
    if (value) return found(value, name);
    attempts.push({ source: "env", reason: `${name} is not set` });
  }
  const profile = options.profile ?? readEnv("AWS_PROFILE", options.env) ?? "default";
  const server = await loader();
  let reason: string | undefined = "files cannot be read here";
  if (server) {
    let value: string | undefined;
    try {
      value = await server.profileRegion({ profile, env: options.env });
      reason = value === undefined ? "has no region" : undefined;
    } catch (e) {
      reason = e instanceof BedrockCredentialsError && e.attempts[0]
        ? e.attempts[0].reason
        : "cannot read the shared config files";
    }
    if (value) return found(value, `the region of profile "${profile}"`);
  }
  if (reason) attempts.push({ source: `profile:${profile}`, reason });
  throw new BedrockCredentialsError(
    "Cannot resolve region: pass { region } or set AWS_REGION",
    attempts,
  );
}
