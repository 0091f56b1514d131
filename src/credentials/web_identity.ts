/**
 * Web identity federation: a token file exchanged at STS (EKS IRSA, GitHub Actions OIDC, ...).
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { errorCode, readTextFile } from "./_node.ts";
import { callSts, defaultSessionName } from "./_sts.ts";
import { unavailable } from "./_util.ts";
import type { CredentialsProvider, StsOptions } from "./types.ts";

/**
 * Options of {@linkcode fromWebIdentity}; unset values come from the environment.
 *
 * @example
 * ```ts
 * import type { WebIdentityOptions } from "@bedrock-fetch/core/credentials";
 * const options: WebIdentityOptions = { roleArn: "arn:aws:iam::123456789012:role/ci" };
 * ```
 */
export interface WebIdentityOptions extends StsOptions {
  /** The token file; else `AWS_WEB_IDENTITY_TOKEN_FILE`. */
  readonly webIdentityTokenFile?: string | undefined;
  /** The role to assume; else `AWS_ROLE_ARN`. */
  readonly roleArn?: string | undefined;
  /** The session name; else `AWS_ROLE_SESSION_NAME`, else a generated one. */
  readonly roleSessionName?: string | undefined;
  /** The name used in error messages. @default "web-identity" */
  readonly source?: string | undefined;
}

/**
 * Reads the OIDC token from `AWS_WEB_IDENTITY_TOKEN_FILE` (re-read on each call, as it rotates) and
 * exchanges it at STS `AssumeRoleWithWebIdentity` for `AWS_ROLE_ARN`. The call is unsigned; the
 * endpoint honours `AWS_ENDPOINT_URL_STS`.
 *
 * @param options The token file, role, session name, STS endpoint and region, `fetch`.
 * @returns A provider of the role's temporary credentials (wrap it in `memoizeCredentials`).
 * @throws {BedrockCredentialsError} When not configured, the file cannot be read, or STS refuses.
 * @example Usage
 * ```ts ignore
 * import { fromWebIdentity, memoizeCredentials } from "@bedrock-fetch/core/credentials";
 * const provider = memoizeCredentials(fromWebIdentity());
 * console.log((await provider()).expiration);
 * ```
 */
export function fromWebIdentity(options: WebIdentityOptions = {}): CredentialsProvider {
  const source = options.source ?? "web-identity";
  return async () => {
    const env = options.env;
    const file = options.webIdentityTokenFile ?? readEnv("AWS_WEB_IDENTITY_TOKEN_FILE", env);
    const roleArn = options.roleArn ?? readEnv("AWS_ROLE_ARN", env);
    if (!file || !roleArn) {
      const missing = !file ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN";
      throw unavailable(source, `${missing} is not set`);
    }
    let token: string;
    try {
      token = (await readTextFile(file)).trim();
    } catch (e) {
      throw unavailable(source, `cannot read the token file ${file} (${errorCode(e)})`, true);
    }
    return callSts(
      "AssumeRoleWithWebIdentity",
      {
        RoleArn: roleArn,
        RoleSessionName: options.roleSessionName ?? readEnv("AWS_ROLE_SESSION_NAME", env) ??
          defaultSessionName(),
        WebIdentityToken: token,
      },
      options,
      source,
    );
  };
}
