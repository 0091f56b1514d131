/**
 * Transport hooks for logging and tracing: called on every attempt's request, every response and
 * every retry. Request headers reach them with secrets replaced by `[redacted]`.
 *
 * @example
 * ```ts
 * import type { TransportHooks } from "./hooks.ts";
 * const hooks: TransportHooks = {
 *   onRequest: (ctx) => console.log(ctx.operation, ctx.attempt, ctx.headers["authorization"]), // "[redacted]"
 *   onRetry: (ctx) => console.log(`retrying in ${ctx.delayMs} ms`),
 * };
 * ```
 *
 * @module
 */

import type { RetryKind } from "./retry.ts";

/** What {@linkcode TransportHooks.onRequest} receives, before each attempt is sent. */
export interface TransportRequestContext {
  /** The operation name, e.g. `Converse`. */
  readonly operation: string;
  /** The attempt number, from 1. */
  readonly attempt: number;
  /** The most attempts this call may make. */
  readonly maxAttempts: number;
  /** The `amz-sdk-invocation-id` shared by all attempts of one call. */
  readonly invocationId: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request URL. */
  readonly url: string;
  /** The headers sent, lower-case names; secrets (authorization, session token) redacted. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What {@linkcode TransportHooks.onResponse} receives when response headers arrive. */
export interface TransportResponseContext {
  /** The operation name. */
  readonly operation: string;
  /** The attempt number, from 1. */
  readonly attempt: number;
  /** The `amz-sdk-invocation-id` of the call. */
  readonly invocationId: string;
  /** The HTTP status. */
  readonly status: number;
  /** The `x-amzn-requestid` header, if any. */
  readonly requestId: string | undefined;
  /** The response headers. */
  readonly headers: Headers;
  /** Milliseconds from sending the attempt to its response headers. */
  readonly elapsedMs: number;
}

/** What {@linkcode TransportHooks.onRetry} receives before the wait that precedes a retry. */
export interface TransportRetryContext {
  /** The operation name. */
  readonly operation: string;
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  /** The `amz-sdk-invocation-id` of the call. */
  readonly invocationId: string;
  /** Why the failure is retried. */
  readonly kind: RetryKind;
  /** What the failed attempt threw (a service exception, network or timeout error). */
  readonly error: unknown;
  /** The wait before the next attempt, in ms. */
  readonly delayMs: number;
}

/**
 * Callbacks the transport calls synchronously; an exception thrown by a hook fails the call.
 *
 * @example
 * ```ts
 * import type { TransportHooks } from "./hooks.ts";
 * const hooks: TransportHooks = { onResponse: (ctx) => console.log(ctx.status, ctx.requestId) };
 * ```
 */
export interface TransportHooks {
  /** Before each attempt is sent. */
  onRequest?: (ctx: TransportRequestContext) => void;
  /** When an attempt's response headers arrive (success or error). */
  onResponse?: (ctx: TransportResponseContext) => void;
  /** Before waiting to retry a failed attempt. */
  onRetry?: (ctx: TransportRetryContext) => void;
}

/** The placeholder that replaces secret header values. */
export const REDACTED = "[redacted]";

// Header names (lower case) whose values are secrets.
const SECRET_HEADER_REGEXP = /^((proxy-)?authorization|x-amz-security-token|cookie)$/;

/**
 * Copies headers into a plain record, secrets replaced by {@linkcode REDACTED}.
 *
 * @param headers The headers to describe.
 * @returns A record with lower-case names.
 * @example
 * ```ts
 * import { redactHeaders } from "./hooks.ts";
 * redactHeaders(new Headers({ authorization: "Bearer x" })); // { authorization: "[redacted]" }
 * ```
 */
export function redactHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = SECRET_HEADER_REGEXP.test(name) ? REDACTED : value;
  });
  return out;
}
