/**
 * The retry policy of the transport, as pure functions: how long to wait before a retry, and the
 * token bucket that keeps a failure storm from multiplying load. Which failures are retried is in
 * `classify.ts`: this module imports nothing, so that bundlers inline its numbers.
 *
 * The numbers follow the AWS SDK's "standard" retry mode as `@smithy/core` ships it (its
 * `retries-2026-config`): full-jitter exponential backoff from a 50 ms base (1 s for throttling),
 * capped at 20 s; a shared bucket of 500 tokens where a throttling retry costs 5 and any other
 * retry 14; a success refunds the cost of the retry that led to it, or 1 token.
 *
 * @example Waiting before the second attempt after a throttle
 * ```ts
 * import { backoffDelay } from "./retry.ts";
 * const ms = backoffDelay(0, "throttling", Math.random); // 0 ≤ ms < 1000
 * ```
 *
 * @module
 */

/** Why a failure may be retried: throttling backs off longer and costs fewer quota tokens. */
export type RetryKind = "throttling" | "transient";

/** Backoff base for transient failures, in ms. */
export const TRANSIENT_DELAY_BASE_MS = 50;
/** Backoff base for throttling failures, in ms. */
export const THROTTLING_DELAY_BASE_MS = 1_000;
/** No wait between attempts is longer than this, server hints included. */
export const MAX_RETRY_DELAY_MS = 20_000;
/** Tokens a fresh {@linkcode RetryQuota} holds. */
export const INITIAL_RETRY_TOKENS = 500;
/** Tokens a throttling retry takes. */
export const THROTTLING_RETRY_COST = 5;
/** Tokens any other retry takes (timeouts and network errors included). */
export const TRANSIENT_RETRY_COST = 14;
/** Tokens a success without a retry gives back. */
export const NO_RETRY_INCREMENT = 1;

/** Attempts per call when `maxAttempts` is not set, the first included. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** A client clock this far from the server's `Date` is corrected (the SDK's 5 minutes). */
export const CLOCK_SKEW_LIMIT_MS = 300_000;

/**
 * The full-jitter backoff before retry number `retryCount + 1`:
 * `floor(random() × min(base × 2^retryCount, 20 s))`, base 50 ms (1 s for throttling).
 *
 * @param retryCount Retries made so far (0 before the first retry).
 * @param kind The retry kind.
 * @param random A source of uniform numbers in [0, 1).
 * @returns The delay in milliseconds.
 * @example
 * ```ts
 * import { backoffDelay } from "./retry.ts";
 * backoffDelay(2, "transient", () => 0.5); // 100
 * ```
 */
export function backoffDelay(retryCount: number, kind: RetryKind, random: () => number): number {
  const base = kind === "throttling" ? THROTTLING_DELAY_BASE_MS : TRANSIENT_DELAY_BASE_MS;
  const ceiling = Math.min(base * 2 ** retryCount, MAX_RETRY_DELAY_MS);
  return Math.floor(random() * ceiling);
}

const DELTA_SECONDS_REGEXP = /^\d+(\.\d+)?$/;
const HTTP_DATE_REGEXP = /^[a-z]{3,9},? /i; // IMF-fixdate and its obsolete forms start with a day name

/**
 * Reads the server's retry hint: `x-amz-retry-after` (milliseconds) or `Retry-After` (delta
 * seconds or an HTTP date), as milliseconds from `nowMs`. Unparsable or absent hints give
 * `undefined`; a date in the past gives 0.
 *
 * @param headers The response headers.
 * @param nowMs The current time in ms since the epoch.
 * @returns The hinted wait in ms, or `undefined`.
 * @example
 * ```ts
 * import { parseRetryAfter } from "./retry.ts";
 * parseRetryAfter(new Headers({ "retry-after": "2" }), Date.now()); // 2000
 * ```
 */
export function parseRetryAfter(headers: Headers, nowMs: number): number | undefined {
  const amz = headers.get("x-amz-retry-after")?.trim() ?? "";
  if (DELTA_SECONDS_REGEXP.test(amz)) return Number(amz);
  const raw = headers.get("retry-after")?.trim() ?? "";
  if (DELTA_SECONDS_REGEXP.test(raw)) return Math.round(Number(raw) * 1000);
  // Date.parse("-5") is a valid year: only what starts like an HTTP date is parsed.
  const at = HTTP_DATE_REGEXP.test(raw) ? Date.parse(raw) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * The wait before a retry: the jittered backoff, raised to the server's hint when it asks for
 * longer, never above {@linkcode MAX_RETRY_DELAY_MS}.
 *
 * @param backoffMs The jittered backoff.
 * @param hintMs The server's hint from {@linkcode parseRetryAfter}.
 * @returns The delay in ms.
 * @example
 * ```ts
 * import { retryDelay } from "./retry.ts";
 * retryDelay(30, 2000); // 2000
 * ```
 */
export function retryDelay(backoffMs: number, hintMs: number | undefined): number {
  return Math.min(Math.max(backoffMs, hintMs ?? backoffMs), MAX_RETRY_DELAY_MS);
}

/**
 * The retry token bucket shared by every request of a client (AWS standard mode). A retry takes
 * tokens; when too few are left the failure is returned instead of retried; successes refill it.
 *
 * @example
 * ```ts
 * import { RetryQuota } from "./retry.ts";
 * const quota = new RetryQuota();
 * const cost = quota.acquire("throttling"); // 5, or undefined when exhausted
 * quota.release(cost);
 * ```
 */
export class RetryQuota {
  #capacity: number;
  readonly #max: number;

  /**
   * Creates a full bucket.
   *
   * @param capacity Tokens in the bucket at the start, and its maximum.
   * @throws {RangeError} when `capacity` is negative.
   */
  constructor(capacity: number = INITIAL_RETRY_TOKENS) {
    if (!(capacity >= 0)) {
      throw new RangeError(`Cannot create RetryQuota: capacity must be >= 0, got ${capacity}`);
    }
    this.#capacity = capacity;
    this.#max = capacity;
  }

  /** Tokens left. */
  get capacity(): number {
    return this.#capacity;
  }

  /**
   * Takes the cost of one retry of `kind`.
   *
   * @param kind The retry kind.
   * @returns The tokens taken, or `undefined` (and nothing taken) when the bucket is too low.
   */
  acquire(kind: RetryKind): number | undefined {
    const cost = kind === "throttling" ? THROTTLING_RETRY_COST : TRANSIENT_RETRY_COST;
    if (this.#capacity < cost) return undefined;
    this.#capacity -= cost;
    return cost;
  }

  /**
   * Records a success: gives back the cost of the retry that led to it, or 1 token.
   *
   * @param cost What {@linkcode RetryQuota.acquire} returned for the last retry, if any.
   */
  release(cost: number | undefined): void {
    this.#capacity = Math.min(this.#max, this.#capacity + (cost ?? NO_RETRY_INCREMENT));
  }
}
