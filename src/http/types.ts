/**
 * The types of the transport's public surface: its configuration, a request, a response and the
 * options of one call. Re-exported by `transport.ts`.
 *
 * @example
 * ```ts
 * import type { TransportRequest } from "./types.ts";
 * const req: TransportRequest = { operation: "Converse", method: "POST", path: "/model/m/converse", headers: {} };
 * ```
 *
 * @module
 */

import type { CredentialsProvider } from "../credentials/types.ts";
import type { ResponseMetadata } from "../errors.ts";
import type { SleepFunction } from "../_abort.ts";
import type { TransportHooks } from "./hooks.ts";
import type { RetryQuota } from "./retry.ts";

/**
 * Computes the lowercase hex SHA-256 of a request body (a string is hashed as its UTF-8 bytes),
 * synchronously or not. Only SigV4 calls it; a body's hash is computed once for all its attempts.
 *
 * @example
 * ```ts ignore
 * // Deno, Bun and Node: node:crypto hashes a large body on the calling thread, without the
 * // thread hop of crypto.subtle (a `converse` call with a 50 KiB image takes about a quarter less time on Deno).
 * import { createHash } from "node:crypto";
 * import type { BodyHasher } from "@bedrock-fetch/core";
 * const hashBody: BodyHasher = (body) => createHash("sha256").update(body).digest("hex");
 * ```
 */
export type BodyHasher = (body: Uint8Array | string) => string | Promise<string>;

/** Configuration of `Transport`. */
export interface TransportConfig {
  /** The base URL, without a trailing slash. */
  endpoint: () => Promise<string>;
  /** The signing region. */
  region: () => Promise<string>;
  /** SigV4 credentials (signing name `bedrock`); called before each attempt. */
  credentials?: CredentialsProvider | undefined;
  /** A bearer API key; when it yields a value, `Authorization: Bearer` replaces SigV4. */
  token?: (() => Promise<string | undefined>) | undefined;
  /** The fetch to use. @default globalThis.fetch, looked up at call time */
  fetch?: typeof fetch | undefined;
  /**
   * Computes the hex SHA-256 of a request body for SigV4, once per call. @default pure TypeScript
   * under 2 KiB, Web Crypto (`crypto.subtle.digest`) above
   */
  hashBody?: BodyHasher | undefined;
  /** Attempts per call, the first included. @default 3 */
  maxAttempts?: number | undefined;
  /**
   * Limit per attempt to the response headers, and to the whole body when not streaming, in ms.
   * @default none: a long generation is a legitimate wait; streams have the idle timeout
   */
  requestTimeoutMs?: number | undefined;
  /** Longest gap between stream chunks while the caller reads, in ms; 0 disables. @default 60_000 */
  streamIdleTimeoutMs?: number | undefined;
  /** Logging and tracing callbacks; they never see secrets. */
  hooks?: TransportHooks | undefined;
  /** The retry token bucket. @default a new bucket of 500 tokens per transport */
  retryQuota?: RetryQuota | undefined;
  /** Uniform random numbers in [0, 1) for the jitter. @default Math.random */
  random?: (() => number) | undefined;
  /** Waits between attempts; must reject with `signal.reason` on abort. */
  sleep?: SleepFunction | undefined;
  /** The clock, in ms since the epoch (signing time and `Retry-After` dates). @default Date.now */
  now?: (() => number) | undefined;
  /** Appended to the user agent as `app/<id>`. */
  userAgentAppId?: string | undefined;
}

/** A request for `Transport.send`. */
export interface TransportRequest {
  /** The operation name, e.g. `Converse` (for hooks). */
  operation: string;
  /** The HTTP method. */
  method: "POST" | "GET";
  /** The wire path, already percent-encoded, starting with `/`. */
  path: string;
  /** The modeled headers (e.g. `content-type`, `accept`). */
  headers: Record<string, string>;
  /** The body: bytes, or text sent (and hashed) as UTF-8. */
  body?: Uint8Array | string | undefined;
  /** Whether the response is an event stream. */
  stream?: boolean | undefined;
}

/** What `Transport.send` resolves to on a 2xx response. */
export interface TransportResponse {
  /** The HTTP status. */
  status: number;
  /** The response headers. */
  headers: Headers;
  /** Status, request id, attempts and total retry delay. */
  $metadata: ResponseMetadata;
  /** The whole body when not streaming; empty when streaming. */
  body: Uint8Array;
  /** The body with idle timeout and abort applied when streaming; else `null`. */
  stream: ReadableStream<Uint8Array> | null;
}

/** Options of `Transport.send`. */
export interface TransportSendOptions {
  /** Cancels the call at any phase; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}
