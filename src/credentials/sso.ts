/**
 * IAM Identity Center (SSO) credentials: the token `aws sso login` caches, refreshed through SSO
 * OIDC when it is about to expire, exchanged at the SSO portal for role credentials (server
 * runtimes only).
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { toHex } from "../sigv4/_sha256.ts";
import { errorCode, readTextFile, writeTextFile } from "./_node.ts";
import { fetchWithTimeout, sealCredentials, unavailable } from "./_util.ts";
import { homeDir, loadSharedProfiles, type SharedProfiles } from "./shared_files.ts";
import type { Credentials, CredentialsProvider, ProviderOptions } from "./types.ts";

/**
 * Options of {@linkcode fromSso}.
 *
 * @example
 * ```ts
 * import type { SsoOptions } from "@bedrock-fetch/core/credentials";
 * const options: SsoOptions = { profile: "dev" };
 * ```
 */
export interface SsoOptions extends ProviderOptions {
  /** The profile with the SSO settings; else `AWS_PROFILE`, else `default`. */
  readonly profile?: string | undefined;
}

type Section = Readonly<Record<string, string>>;

/** A token is refreshed (form with `sso_session`) when it expires within this window. */
const REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** What the token cache file holds (the AWS CLI's format). */
interface CachedToken {
  accessToken?: string;
  expiresAt?: string;
  refreshToken?: string;
  clientId?: string;
  clientSecret?: string;
  registrationExpiresAt?: string;
  [key: string]: unknown;
}

/**
 * Resolves a profile's SSO credentials as the AWS SDK for JavaScript v3 does: `sso_session` (with
 * its `[sso-session name]` section: `sso_start_url`, `sso_region`) or the legacy `sso_start_url` +
 * `sso_region` on the profile, plus `sso_account_id` and `sso_role_name`. The token comes from
 * `~/.aws/sso/cache/<sha1 of the session name or start URL>.json`; a session token that expires
 * within 5 minutes is refreshed with its refresh token (and the cache file rewritten). The SSO
 * portal and OIDC endpoints honour `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL_SSO_OIDC`.
 *
 * @param options The profile, environment, `fetch` and request timeout.
 * @returns A provider that reads the cache on each call (wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When a setting is missing, the token is missing or expired
 * (the message says which `aws sso login` to run) or the portal refuses; never with a token.
 * @example Usage
 * ```ts ignore
 * import { fromSso, memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * const provider = memoizeCredentials(fromSso({ profile: "dev" }));
 * console.log((await provider()).accessKeyId);
 * ```
 */
export function fromSso(options: SsoOptions = {}): CredentialsProvider {
  return async () => {
    const name = options.profile ?? readEnv("AWS_PROFILE", options.env) ?? "default";
    const { profiles, paths, ssoSessions } = await loadSharedProfiles(options.env);
    const profile = profiles.get(name);
    if (!profile) throw unavailable(`sso:${name}`, `not found in ${paths.join(" or ")}`, true);
    return await ssoCredentials(name, profile, ssoSessions, options, `sso:${name}`);
  };
}

/** Whether a profile is configured for SSO. */
export const isSsoProfile = (p: Section): boolean => !!(p.sso_session || p.sso_start_url);

/**
 * The SSO credentials of profile `name` (its settings `p`, the config's `[sso-session]` sections
 * `sessions`, as read once by the caller); errors name `source`.
 */
export async function ssoCredentials(
  name: string,
  p: Section,
  sessions: SharedProfiles["ssoSessions"],
  options: ProviderOptions,
  source: string,
): Promise<Credentials> {
  const env = options.env;
  let startUrl = p.sso_start_url, region = p.sso_region;
  const session = p.sso_session;
  if (session) {
    const s = sessions.get(session);
    if (!s) throw unavailable(source, `sso_session ${session} has no [sso-session] section`, true);
    for (const key of ["sso_start_url", "sso_region"] as const) {
      if (p[key] && s[key] && p[key] !== s[key]) {
        throw unavailable(source, `${key} differs from the one of sso-session ${session}`, true);
      }
    }
    startUrl = s.sso_start_url, region = s.sso_region;
  }
  const missing = [
    ["sso_start_url", startUrl],
    ["sso_region", region],
    ["sso_account_id", p.sso_account_id],
    ["sso_role_name", p.sso_role_name],
  ].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) {
    throw unavailable(source, `SSO settings missing: ${missing.join(", ")}`, true);
  }
  const login = session
    ? `aws sso login --sso-session ${session}`
    : `aws sso login --profile ${name}`;
  const token = await ssoToken(session ?? startUrl!, region!, !!session, login, options, source);
  const portal =
    (readEnv("AWS_ENDPOINT_URL_SSO", env) ?? `https://portal.sso.${region}.amazonaws.com`)
      .replace(/\/+$/, "");
  const query = new URLSearchParams({ role_name: p.sso_role_name!, account_id: p.sso_account_id! });
  const res = await fetchWithTimeout(
    `${portal}/federation/credentials?${query}`,
    { method: "GET", headers: { "x-amz-sso_bearer_token": token } },
    options,
    source,
    true,
    5000,
  );
  const body = await readJson(res);
  const c = (body?.roleCredentials ?? {}) as Record<string, unknown>;
  if (!res.ok || typeof c.accessKeyId !== "string" || typeof c.secretAccessKey !== "string") {
    throw unavailable(source, failure("SSO GetRoleCredentials", res, body, login), true);
  }
  const expiration = typeof c.expiration === "number" ? new Date(c.expiration) : undefined;
  return sealCredentials(
    c.accessKeyId,
    c.secretAccessKey,
    typeof c.sessionToken === "string" ? c.sessionToken : undefined,
    expiration && !Number.isNaN(expiration.getTime()) ? expiration : undefined,
  );
}

/** The JSON body of a response, or `undefined` when it is not JSON. */
async function readJson(res: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const value = JSON.parse(await res.text());
    return value && typeof value === "object" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The reason of a failed SSO call: status, error type and message (no token is ever echoed). */
function failure(
  call: string,
  res: Response,
  body: Record<string, unknown> | undefined,
  login: string,
): string {
  const type = String(body?.__type ?? body?.error ?? res.headers.get("x-amzn-errortype") ?? "")
    .replace(/^.*#/, "").replace(/:.*$/, "");
  const message = String(body?.message ?? body?.error_description ?? "").slice(0, 200);
  const auth = res.status === 401 || res.status === 403 ? `; run \`${login}\`` : "";
  return `${call} answered HTTP ${res.status}${type ? ` ${type}` : ""}${
    message ? `: ${message}` : ""
  }${auth}`;
}

/** The hex SHA-1 of a string (the token cache's file name). */
async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return toHex(new Uint8Array(digest));
}

/**
 * The access token cached for `key` (the session name, or the legacy start URL): as it is while it
 * has more than 5 minutes left; else refreshed (session form) and written back; else, while it is
 * still valid, as it is; else an error saying which `aws sso login` to run.
 */
async function ssoToken(
  key: string,
  region: string,
  refreshable: boolean,
  login: string,
  options: ProviderOptions,
  source: string,
): Promise<string> {
  const path = `${await homeDir(options.env)}/.aws/sso/cache/${await sha1Hex(key)}.json`;
  let cached: CachedToken;
  try {
    cached = JSON.parse(await readTextFile(path));
  } catch (e) {
    const why = e instanceof SyntaxError ? "is not JSON" : `cannot be read (${errorCode(e)})`;
    throw unavailable(source, `the SSO token cache ${path} ${why}; run \`${login}\``, true);
  }
  const expires = Date.parse(String(cached?.expiresAt));
  if (typeof cached?.accessToken !== "string" || Number.isNaN(expires)) {
    throw unavailable(source, `the SSO token cache ${path} has no token; run \`${login}\``, true);
  }
  const now = Date.now();
  if (expires - now > REFRESH_WINDOW_MS) return cached.accessToken;
  const { refreshToken, clientId, clientSecret } = cached;
  if (
    refreshable && typeof refreshToken === "string" && typeof clientId === "string" &&
    typeof clientSecret === "string" && Date.parse(String(cached.registrationExpiresAt)) > now
  ) {
    const oidc = (readEnv("AWS_ENDPOINT_URL_SSO_OIDC", options.env) ??
      `https://oidc.${region}.amazonaws.com`).replace(/\/+$/, "");
    let res: Response;
    try {
      res = await fetchWithTimeout(
        `${oidc}/token`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            clientId,
            clientSecret,
            grantType: "refresh_token",
            refreshToken,
          }),
        },
        options,
        source,
        true,
        5000,
      );
    } catch (e) {
      // A token that is still valid is used when the refresh cannot be made.
      if (expires > now) return cached.accessToken;
      throw e;
    }
    const body = await readJson(res);
    if (res.ok && typeof body?.accessToken === "string" && typeof body.expiresIn === "number") {
      const next: CachedToken = {
        ...cached,
        accessToken: body.accessToken,
        expiresAt: new Date(now + body.expiresIn * 1000).toISOString(),
        ...(typeof body.refreshToken === "string" && { refreshToken: body.refreshToken }),
      };
      try {
        await writeTextFile(path, JSON.stringify(next, null, 2));
      } catch {
        // As the AWS SDK does: a cache that cannot be written does not fail the call.
      }
      return body.accessToken;
    }
    if (expires > now) return cached.accessToken;
    throw unavailable(source, failure("SSO OIDC CreateToken", res, body, login), true);
  }
  if (expires > now) return cached.accessToken;
  throw unavailable(source, `the SSO session has expired; run \`${login}\``, true);
}
