/**
 * Credentials of a named profile in the shared AWS files (server runtimes only).
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { containerProvider } from "./container.ts";
import { fromEnv } from "./env.ts";
import { fromImds } from "./imds.ts";
import { readTextFile } from "./_node.ts";
import { fromProcess } from "./process.ts";
import { loadSharedProfiles, type SharedProfiles } from "./shared_files.ts";
import { isSsoProfile, ssoCredentials } from "./sso.ts";
import { callSts, defaultSessionName } from "./_sts.ts";
import { sealCredentials, unavailable } from "./_util.ts";
import { fromWebIdentity } from "./web_identity.ts";
import type { Credentials, CredentialsProvider, StsOptions } from "./types.ts";

/**
 * Options of {@linkcode fromProfile}.
 *
 * @example
 * ```ts
 * import type { ProfileOptions } from "@bedrock-fetch/core/credentials";
 * const options: ProfileOptions = { profile: "dev" };
 * ```
 */
export interface ProfileOptions extends StsOptions {
  /** The profile; else `AWS_PROFILE`, else `default`. */
  readonly profile?: string | undefined;
}

type Profile = Readonly<Record<string, string>>;

const READER = () => Promise.resolve(readTextFile);

/**
 * Resolves a profile of `~/.aws/config` and `~/.aws/credentials` as the AWS SDK for JavaScript v3
 * does: `role_arn` with `source_profile` (chained, cycles refused) or `credential_source`
 * (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`) or `web_identity_token_file` → STS;
 * `aws_access_key_id` + `aws_secret_access_key` [+ `aws_session_token`]; `credential_process`;
 * SSO (`sso_session` or `sso_start_url`, see {@linkcode fromSso}). `mfa_serial` is refused.
 *
 * @param options The profile, environment, `fetch` and STS endpoint.
 * @returns A provider that reads the files on each call (wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When the profile is missing, has no credentials or fails.
 * @example Usage
 * ```ts ignore
 * import { fromProfile, memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * const provider = memoizeCredentials(fromProfile({ profile: "dev" }));
 * console.log((await provider()).accessKeyId);
 * ```
 */
export function fromProfile(options: ProfileOptions = {}): CredentialsProvider {
  return async () => {
    const chosen = options.profile ?? readEnv("AWS_PROFILE", options.env);
    const name = chosen ?? "default";
    const shared = await loadSharedProfiles(options.env);
    const { profiles, paths } = shared;
    if (!profiles.has(name)) {
      // A profile asked for by name must exist; a missing default just means "no files".
      throw unavailable(`profile:${name}`, `not found in ${paths.join(" or ")}`, !!chosen);
    }
    return resolve(name, shared, options, []);
  };
}

async function resolve(
  name: string,
  shared: SharedProfiles,
  options: ProfileOptions,
  visited: string[],
): Promise<Credentials> {
  const source = `profile:${name}`;
  const p = shared.profiles.get(name);
  if (!p) throw unavailable(source, `source_profile of ${visited.at(-1)} is not defined`, true);
  const id = p.aws_access_key_id, secret = p.aws_secret_access_key;
  const isStatic = !!(id && secret);
  // The source of an assume-role chain uses its own keys even when it has a role_arn too.
  if (visited.length > 0 && isStatic) return staticCredentials(p);
  if (visited.includes(name)) {
    throw unavailable(source, `source_profile loop: ${[...visited, name].join(" -> ")}`, true);
  }
  if (p.role_arn) return await assumeRole(name, p, shared, options, visited);
  if (isStatic) return staticCredentials(p);
  if (id || secret) {
    const missing = id ? "aws_secret_access_key" : "aws_access_key_id";
    throw unavailable(source, `${missing} is missing`, true);
  }
  if (p.credential_process) return await fromProcess(p.credential_process, { source })();
  if (isSsoProfile(p)) return await ssoCredentials(name, p, shared.ssoSessions, options, source);
  throw unavailable(source, "has no credentials", visited.length > 0);
}

function staticCredentials(p: Profile): Credentials {
  const expiration = p.aws_credential_expiration
    ? new Date(p.aws_credential_expiration)
    : undefined;
  return sealCredentials(
    p.aws_access_key_id!,
    p.aws_secret_access_key!,
    p.aws_session_token,
    expiration && !Number.isNaN(expiration.getTime()) ? expiration : undefined,
  );
}

async function assumeRole(
  name: string,
  p: Profile,
  shared: SharedProfiles,
  options: ProfileOptions,
  visited: string[],
): Promise<Credentials> {
  const source = `profile:${name}`;
  const sts: StsOptions = { ...options, stsRegion: options.stsRegion ?? p.region };
  const sessionName = p.role_session_name ?? defaultSessionName();
  if (p.mfa_serial) {
    throw unavailable(source, "mfa_serial needs an MFA code, which is not supported", true);
  }
  if (p.web_identity_token_file) {
    return fromWebIdentity({
      ...sts,
      webIdentityTokenFile: p.web_identity_token_file,
      roleArn: p.role_arn,
      roleSessionName: sessionName,
      source,
    })();
  }
  let base: Credentials;
  if (p.source_profile && p.credential_source) {
    throw unavailable(source, "has both source_profile and credential_source", true);
  } else if (p.source_profile) {
    base = await resolve(p.source_profile, shared, options, [...visited, name]);
  } else if (p.credential_source) {
    const from = {
      Environment: () => fromEnv(options),
      Ec2InstanceMetadata: () => fromImds(options),
      EcsContainer: () => containerProvider(options, READER),
    }[p.credential_source];
    if (!from) {
      throw unavailable(
        source,
        `credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, current value is ${
          JSON.stringify(p.credential_source.slice(0, 40))
        }`,
        true,
      );
    }
    try {
      base = await from()();
    } catch (e) {
      const reason = (e as { attempts?: { reason: string }[] }).attempts?.[0]?.reason ?? "failed";
      throw unavailable(source, `credential_source ${p.credential_source}: ${reason}`, true);
    }
  } else {
    throw unavailable(source, "role_arn needs source_profile or credential_source", true);
  }
  const params: Record<string, string> = { RoleArn: p.role_arn!, RoleSessionName: sessionName };
  if (p.external_id) params.ExternalId = p.external_id;
  if (p.duration_seconds) params.DurationSeconds = p.duration_seconds;
  return callSts("AssumeRole", params, sts, source, base);
}

/**
 * The `region` of a profile in the shared config files, or `undefined`.
 *
 * @param options The profile and environment.
 * @returns The region, if the profile sets one.
 * @throws {BedrockCredentialsError} When a file exists but cannot be read.
 * @example Usage
 * ```ts ignore
 * import { profileRegion } from "@bedrock-fetch/core/credentials";
 * console.log(await profileRegion({ profile: "dev" }));
 * ```
 */
export async function profileRegion(options: ProfileOptions = {}): Promise<string | undefined> {
  const name = options.profile ?? readEnv("AWS_PROFILE", options.env) ?? "default";
  const { profiles } = await loadSharedProfiles(options.env);
  return profiles.get(name)?.region;
}
