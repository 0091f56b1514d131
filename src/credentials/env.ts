/**
 * Credentials given in code or in environment variables, and the Bedrock bearer token.
 *
 * @module
 */
import { readEnv } from "../_env.ts";
import { parseExpiration, requireKeys, sealCredentials, unavailable } from "./_util.ts";
import type { Credentials, CredentialsEnv, CredentialsProvider } from "./types.ts";

/**
 * A provider that returns exactly the given values. It never reads the environment, so explicit
 * keys never pick up an `AWS_SESSION_TOKEN` from it.
 *
 * @param credentials The access key id, secret key and optional session token and expiration.
 * @returns A provider that resolves to a copy of these credentials.
 * @throws {BedrockCredentialsError} When the access key id or the secret key is missing.
 * @example Usage
 * ```ts
 * import { fromStatic } from "@bedrock-fetch/core/credentials";
 * const provider = fromStatic({ accessKeyId: "AKID", secretAccessKey: "secret" });
 * console.log((await provider()).sessionToken); // undefined
 * ```
 */
export function fromStatic(credentials: Credentials): CredentialsProvider {
  const c = requireKeys(credentials);
  const sealed = sealCredentials(c.accessKeyId, c.secretAccessKey, c.sessionToken, c.expiration);
  return () => Promise.resolve(sealed);
}

/**
 * Options of {@linkcode fromEnv}.
 *
 * @example
 * ```ts
 * import type { EnvOptions } from "@bedrock-fetch/core/credentials";
 * const options: EnvOptions = { env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s" } };
 * ```
 */
export interface EnvOptions {
  /** Read these variables instead of the process environment. */
  readonly env?: CredentialsEnv | undefined;
}

/**
 * Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` and
 * `AWS_CREDENTIAL_EXPIRATION` from `env` (e.g. a Workers binding) or the process environment,
 * each time it is called.
 *
 * @param options Where to read the variables.
 * @returns A provider of the environment's credentials.
 * @throws {BedrockCredentialsError} When a key is missing (the chain then tries the next source).
 * @example Usage
 * ```ts
 * import { fromEnv } from "@bedrock-fetch/core/credentials";
 * const provider = fromEnv({ env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "secret" } });
 * console.log((await provider()).accessKeyId); // "AKID"
 * ```
 */
export function fromEnv(options: EnvOptions = {}): CredentialsProvider {
  // deno-lint-ignore require-await
  return async () => {
    const env = options.env;
    const id = readEnv("AWS_ACCESS_KEY_ID", env);
    const secret = readEnv("AWS_SECRET_ACCESS_KEY", env);
    if (!id || !secret) {
      throw unavailable("env", `${!id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY"} is not set`);
    }
    const expiration = parseExpiration(readEnv("AWS_CREDENTIAL_EXPIRATION", env), "env");
    return sealCredentials(id, secret, readEnv("AWS_SESSION_TOKEN", env), expiration);
  };
}

/**
 * Options of {@linkcode resolveBearerToken}.
 *
 * @example
 * ```ts
 * import type { BearerTokenOptions } from "@bedrock-fetch/core/credentials";
 * const options: BearerTokenOptions = { env: { AWS_BEARER_TOKEN_BEDROCK: "token" } };
 * ```
 */
export interface BearerTokenOptions {
  /** A token given in code; wins over the environment. */
  readonly token?: string | undefined;
  /** Read `AWS_BEARER_TOKEN_BEDROCK` from here instead of the process environment. */
  readonly env?: CredentialsEnv | undefined;
}

/**
 * The Bedrock API key (bearer token) to use instead of SigV4: `token` if given, else
 * `AWS_BEARER_TOKEN_BEDROCK`, else `undefined`.
 *
 * @param options The explicit token and the environment.
 * @returns The token, or `undefined` when there is none.
 * @example Usage
 * ```ts
 * import { resolveBearerToken } from "@bedrock-fetch/core/credentials";
 * console.log(resolveBearerToken({ env: { AWS_BEARER_TOKEN_BEDROCK: "abc" } })); // "abc"
 * console.log(resolveBearerToken({ env: {} })); // undefined
 * ```
 */
export function resolveBearerToken(options: BearerTokenOptions = {}): string | undefined {
  return options.token || readEnv("AWS_BEARER_TOKEN_BEDROCK", options.env);
}
