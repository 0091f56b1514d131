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
 * An async source of credentials; called before each request, so wrap slow sources with a cache.
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
