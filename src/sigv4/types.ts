// The request, result and option types of SigV4Signer.
import type { CredentialsInput } from "../credentials/types.ts";
import type { SignatureResult } from "./compute.ts";
import type { SignableBody } from "./payload.ts";

/**
 * Options of {@link SigV4Signer}.
 *
 * @example
 * ```ts
 * import type { SigV4SignerOptions } from "@bedrock-fetch/core/sigv4";
 * const options: SigV4SignerOptions = {
 *   region: "us-east-1",
 *   service: "bedrock",
 *   credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
 * };
 * ```
 */
export interface SigV4SignerOptions {
  /** The signing region, e.g. `us-east-1`. */
  readonly region: string;
  /** The signing name: `bedrock` for Bedrock Runtime. */
  readonly service: string;
  /** Static credentials or an async provider, called on every `sign`/`presign`. */
  readonly credentials: CredentialsInput;
  /** Milliseconds added to `Date.now()` when no date is given (clock-skew correction). */
  readonly clockOffsetMs?: number | (() => number) | undefined;
  /** How many derived signing keys {@link SigV4Signer} keeps (default 16; the header signer keeps 1). */
  readonly keyCacheSize?: number | undefined;
}

/**
 * A request to sign.
 *
 * @example
 * ```ts
 * import type { SignableRequest } from "@bedrock-fetch/core/sigv4";
 * const req: SignableRequest = { method: "GET", url: "https://example.amazonaws.com/" };
 * ```
 */
export interface SignableRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The URL; a string is signed with its path as written (already percent-encoded for fetch). */
  readonly url: string | URL;
  /** The headers to send. */
  readonly headers?: HeadersInit | undefined;
  /** The exact body bytes to send. */
  readonly body?: SignableBody;
}

/**
 * A signed request, ready for `fetch(url, { method, headers, body })`.
 *
 * @example
 * ```ts
 * import type { SignedRequest } from "@bedrock-fetch/core/sigv4";
 * const send = (r: SignedRequest) => fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
 * ```
 */
export interface SignedRequest {
  /** The HTTP method. */
  readonly method: string;
  /** The URL as given. */
  readonly url: string;
  /** The given headers plus `x-amz-date`, `x-amz-security-token` and `authorization` (no `host`). */
  readonly headers: Headers;
  /** The body, unchanged (`null` when there is none), typed for `fetch`. */
  readonly body: BodyInit | null;
}

/**
 * Options of {@link SigV4Signer.sign}.
 *
 * @example
 * ```ts
 * import type { SignOptions } from "@bedrock-fetch/core/sigv4";
 * const options: SignOptions = { date: new Date(), contentSha256: true };
 * ```
 */
export interface SignOptions {
  /** The signing time (default: now plus the clock offset). */
  readonly date?: Date | undefined;
  /** Sign only these headers (lower case) besides host, x-amz-date and the session token. */
  readonly signedHeaders?: readonly string[] | undefined;
  /** More headers to leave unsigned (lower case). */
  readonly unsignableHeaders?: readonly string[] | undefined;
  /** Add and sign `x-amz-content-sha256` with the payload hash. */
  readonly contentSha256?: boolean | undefined;
  /**
   * The body's hex SHA-256 when the caller already has it or has started computing it (a
   * promise), e.g. once for every retry of the same body; the body is then not hashed again.
   * An `x-amz-content-sha256` request header takes precedence.
   */
  readonly payloadHash?: string | Promise<string> | undefined;
  /** Remove `.`, `..` and empty path segments before encoding (default true). */
  readonly normalizePath?: boolean | undefined;
}

/**
 * Options of {@link SigV4Signer.presign}.
 *
 * @example
 * ```ts
 * import type { PresignOptions } from "@bedrock-fetch/core/sigv4";
 * const options: PresignOptions = { expiresIn: 300 };
 * ```
 */
export interface PresignOptions {
  /** The signing time (default: now plus the clock offset). */
  readonly date?: Date | undefined;
  /** Seconds the URL stays valid, 1 to 604800 (default 900). */
  readonly expiresIn?: number | undefined;
  /** The payload hash to sign (default `UNSIGNED-PAYLOAD`). */
  readonly payloadHash?: string | undefined;
  /** Remove `.`, `..` and empty path segments before encoding (default true). */
  readonly normalizePath?: boolean | undefined;
}

/**
 * A presigned URL with the stages that produced it.
 *
 * @example
 * ```ts
 * import type { PresignedUrl } from "@bedrock-fetch/core/sigv4";
 * const href = (p: PresignedUrl): string => p.url;
 * ```
 */
export interface PresignedUrl extends SignatureResult {
  /** The URL with the `X-Amz-*` parameters and `X-Amz-Signature` appended. */
  readonly url: string;
}
