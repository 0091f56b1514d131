/**
 * Which failed attempts the transport retries, and as what kind: the error names and statuses of
 * the AWS SDK's standard retry mode, and the clock-skew error names.
 *
 * @example
 * ```ts
 * import { retryKindOf } from "./classify.ts";
 * import { ThrottlingException } from "../errors.ts";
 * retryKindOf(new ThrottlingException({ $metadata: { httpStatusCode: 429 } })); // "throttling"
 * ```
 *
 * @module
 */

import { BedrockNetworkError, BedrockTimeoutError } from "../errors.ts";
import type { RetryKind } from "./retry.ts";

const names = (list: string): ReadonlySet<string> => new Set(list.split(" "));

// The error names @smithy/core's service-error-classification treats as throttling or transient.
const THROTTLING_TYPES = names(
  "BandwidthLimitExceeded EC2ThrottledException LimitExceededException PriorRequestNotComplete " +
    "ProvisionedThroughputExceededException RequestLimitExceeded RequestThrottled " +
    "RequestThrottledException SlowDown ThrottledException Throttling ThrottlingException " +
    "TooManyRequestsException TransactionInProgressException",
);
const TRANSIENT_TYPES = names("TimeoutError RequestTimeout RequestTimeoutException");

/** The error names that may mean the client clock is off (the SDK's list). */
export const CLOCK_SKEW_TYPES: ReadonlySet<string> = names(
  "AccessDeniedException AuthFailure InvalidSignatureException RequestExpired " +
    "RequestInTheFuture RequestTimeTooSkewed SignatureDoesNotMatch",
);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  $retryable?: { throttling?: boolean } | undefined;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Classifies a failed attempt: `"throttling"`, `"transient"`, or `undefined` when it must not be
 * retried (validation, access, model errors, programming errors, aborts).
 *
 * @param error What the attempt threw: a service exception, a network or timeout error.
 * @returns The retry kind, or `undefined`.
 * @example
 * ```ts
 * import { retryKindOf } from "./classify.ts";
 * import { ThrottlingException } from "../errors.ts";
 * retryKindOf(new ThrottlingException({ $metadata: { httpStatusCode: 429 } })); // "throttling"
 * ```
 */
export function retryKindOf(error: unknown): RetryKind | undefined {
  if (
    error instanceof BedrockNetworkError ||
    error instanceof BedrockTimeoutError && error.kind === "request"
  ) return "transient";
  // Not a service response (idle timeouts, programming errors, aborts): never retried.
  const { name, message, $retryable, $metadata } = Object(error) as ErrorLike;
  if (!$metadata || typeof name !== "string") return undefined;
  const status = $metadata.httpStatusCode ?? 0;
  if (status === 429 || THROTTLING_TYPES.has(name) || $retryable?.throttling === true) {
    return "throttling";
  }
  // The last case: signed long before it was sent (a slow credential source); signing again fixes it.
  if (
    $retryable !== undefined || TRANSIENT_TYPES.has(name) ||
    [500, 502, 503, 504].includes(status) ||
    name === "InvalidSignatureException" && typeof message === "string" &&
      message.includes("Signature expired")
  ) return "transient";
  return undefined;
}
