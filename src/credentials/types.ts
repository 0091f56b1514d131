/**
 * Credential types shared by the signer, the providers and the client.
 *
 * @example
 * ```ts
 * import type { Credentials } from "@bedrock-fetch/core";
 * const creds: Credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
 * ```
 *
 * @module
 */

/**
 * AWS credentials. `expiration` is set on temporary credentials; providers refresh them before it.
 *
 * @example
 * ```ts
 * import type { Credentials } from "@bedrock-fetch/core";
 * const creds: Credentials = { accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "token" };
 * ```
 */
export interface Credentials {
  /** The access key id (not a secret, but kept out of logs all the same). */
  readonly accessKeyId: string;
  /** The secret access key. Never printed. */
  readonly secretAccessKey: string;
  /** The session token of temporary credentials. Never printed. */
  readonly sessionToken?: string | undefined;
  /** When temporary credentials expire. */
  readonly expiration?: Date | undefined;
}

/**
 * An async source of credentials. The client caches what it returns until 5 minutes before its
 * `expiration` (for good when there is none), sharing one call between concurrent requests.
 *
 * @example
 * ```ts
 * import type { CredentialsProvider } from "@bedrock-fetch/core";
 * const provider: CredentialsProvider = () => Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "s" });
 * ```
 */
export type CredentialsProvider = () => Promise<Credentials>;

/**
 * Credentials as options accept them: static values or a provider.
 *
 * @example
 * ```ts
 * import type { CredentialsInput } from "@bedrock-fetch/core";
 * const input: CredentialsInput = { accessKeyId: "AKID", secretAccessKey: "s" };
 * ```
 */
export type CredentialsInput = Credentials | CredentialsProvider;

/**
 * Environment variables read instead of the process environment, e.g. a Workers `env` binding.
 *
 * @example
 * ```ts
 * import type { CredentialsEnv } from "@bedrock-fetch/core/credentials";
 * const env: CredentialsEnv = { AWS_REGION: "us-east-1" };
 * ```
 */
export type CredentialsEnv = Readonly<Record<string, string | undefined>>;

/**
 * The `fetch` signature the providers call; inject one in tests.
 *
 * @example
 * ```ts
 * import type { FetchFunction } from "@bedrock-fetch/core/credentials";
 * const f: FetchFunction = (input, init) => fetch(input, init);
 * ```
 */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/**
 * Options shared by the providers that read the environment or call an endpoint.
 *
 * @example
 * ```ts
 * import { fromEnv } from "@bedrock-fetch/core/credentials";
 * const provider = fromEnv({ env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "s" } });
 * ```
 */
export interface ProviderOptions {
  /** Read these variables instead of the process environment (e.g. Workers bindings). */
  readonly env?: CredentialsEnv | undefined;
  /** The `fetch` used for metadata endpoints and STS. @default globalThis.fetch */
  readonly fetch?:
    | ((input: string | URL | Request, init?: RequestInit) => Promise<Response>)
    | undefined;
  /** Timeout of each metadata or STS request, in milliseconds. @default 1000 (5000 for STS) */
  readonly timeoutMs?: number | undefined;
}

/**
 * How to reach AWS STS, for assume role and web identity.
 *
 * @example
 * ```ts
 * import type { StsOptions } from "@bedrock-fetch/core/credentials";
 * const options: StsOptions = { stsEndpoint: "http://127.0.0.1:8080" };
 * ```
 */
export interface StsOptions extends ProviderOptions {
  /** The STS endpoint; else `AWS_ENDPOINT_URL_STS`, else `https://sts.{region}.amazonaws.com`. */
  readonly stsEndpoint?: string | undefined;
  /** The region of the endpoint and signature; else the profile's, `AWS_REGION`, `us-east-1`. */
  readonly stsRegion?: string | undefined;
}
