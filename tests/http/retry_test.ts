// The pure retry policy, checked against @smithy/core's standard retry strategy where it applies.
import assert from "node:assert/strict";
import {
  getRetryAfterHint,
  INITIAL_RETRY_TOKENS as SDK_INITIAL_TOKENS,
  isThrottlingError,
  isTransientError,
  MAXIMUM_RETRY_DELAY,
  NO_RETRY_INCREMENT as SDK_NO_RETRY_INCREMENT,
  Retry,
  StandardRetryStrategy,
} from "@smithy/core/retry";
import {
  BedrockNetworkError,
  BedrockTimeoutError,
  createServiceException,
} from "../../src/errors.ts";
import {
  backoffDelay,
  INITIAL_RETRY_TOKENS,
  MAX_RETRY_DELAY_MS,
  NO_RETRY_INCREMENT,
  parseRetryAfter,
  retryDelay,
  type RetryKind,
  RetryQuota,
  THROTTLING_DELAY_BASE_MS,
  THROTTLING_RETRY_COST,
  TRANSIENT_DELAY_BASE_MS,
  TRANSIENT_RETRY_COST,
} from "../../src/http/retry.ts";
import { retryKindOf } from "../../src/http/classify.ts";

Deno.test("retry constants equal @smithy/core's standard mode numbers", () => {
  assert.equal(TRANSIENT_DELAY_BASE_MS, Retry.delay());
  assert.equal(THROTTLING_DELAY_BASE_MS, Retry.throttlingDelay());
  assert.equal(TRANSIENT_RETRY_COST, Retry.cost());
  assert.equal(THROTTLING_RETRY_COST, Retry.throttlingCost());
  assert.equal(INITIAL_RETRY_TOKENS, SDK_INITIAL_TOKENS);
  assert.equal(MAX_RETRY_DELAY_MS, MAXIMUM_RETRY_DELAY);
  assert.equal(NO_RETRY_INCREMENT, SDK_NO_RETRY_INCREMENT);
});

Deno.test("backoffDelay() stays within the full-jitter bounds [0, min(base × 2^n, 20 s))", () => {
  for (const kind of ["transient", "throttling"] as const) {
    const base = kind === "throttling" ? 1000 : 50;
    for (let n = 0; n < 16; n++) {
      const ceiling = Math.min(base * 2 ** n, 20_000);
      assert.equal(backoffDelay(n, kind, () => 0), 0);
      assert.equal(backoffDelay(n, kind, () => 0.5), Math.floor(ceiling / 2));
      assert.equal(backoffDelay(n, kind, () => 1 - Number.EPSILON), ceiling - 1);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(n, kind, Math.random);
        assert.ok(Number.isInteger(d) && d >= 0 && d < ceiling, `${kind} n=${n}: ${d}`);
      }
    }
  }
  assert.equal(backoffDelay(30, "throttling", () => 0.999), 19_980); // capped, no overflow
});

Deno.test("retryDelay() raises the backoff to the server hint and caps it at 20 s", () => {
  assert.equal(retryDelay(120, undefined), 120);
  assert.equal(retryDelay(120, 3000), 3000);
  assert.equal(retryDelay(4000, 3000), 4000); // a shorter hint never shortens the backoff
  assert.equal(retryDelay(10, 90_000), 20_000);
});

Deno.test("parseRetryAfter() reads delta seconds, HTTP dates and x-amz-retry-after like the SDK", () => {
  const now = Date.now();
  const rows: [string, Record<string, string>, number | undefined][] = [
    ["delta seconds", { "retry-after": "3" }, 3000],
    ["fractional seconds", { "retry-after": "0.25" }, 250],
    ["zero", { "retry-after": "0" }, 0],
    ["HTTP date", { "retry-after": new Date(now + 7000).toUTCString() }, 7000],
    ["x-amz-retry-after ms", { "x-amz-retry-after": "1500" }, 1500],
    ["garbage", { "retry-after": "soon" }, undefined],
    ["negative", { "retry-after": "-5" }, undefined],
    ["absent", {}, undefined],
  ];
  for (const [label, headers, expected] of rows) {
    const ours = parseRetryAfter(new Headers(headers), now);
    if (expected === undefined) assert.equal(ours, undefined, label);
    else assert.ok(Math.abs(ours! - expected) <= 1000, `${label}: ${ours}`); // dates have 1 s precision
    const hint = getRetryAfterHint({ statusCode: 429, headers } as never);
    if (expected === undefined || label === "negative") continue;
    assert.ok(hint instanceof Date, label);
    assert.ok(
      Math.abs(hint.getTime() - now - ours!) <= 1000,
      `${label}: SDK ${hint.getTime() - now}`,
    );
  }
  // the obsolete RFC 850 and asctime forms HTTP still allows
  const rfc850 = parseRetryAfter(
    new Headers({ "retry-after": "Sunday, 06-Nov-94 08:49:37 GMT" }),
    Date.UTC(1994, 10, 6, 8, 49, 30),
  );
  assert.equal(rfc850, 7000);
  const asctime = parseRetryAfter(
    new Headers({ "retry-after": "Sun Nov  6 08:49:37 1994" }),
    Date.UTC(1994, 10, 6, 8, 49, 30),
  );
  assert.ok(asctime !== undefined);
  // a date in the past means "now"
  assert.equal(
    parseRetryAfter(new Headers({ "retry-after": new Date(now - 60_000).toUTCString() }), now),
    0,
  );
});

function sdkKind(error: unknown): RetryKind | undefined {
  const e = error as Parameters<typeof isThrottlingError>[0];
  if (isThrottlingError(e)) return "throttling";
  if (isTransientError(e)) return "transient";
  return undefined;
}

Deno.test("retryKindOf() classifies service exceptions as @smithy/core's classifier does", () => {
  const rows: [string, number, string?][] = [
    ["ThrottlingException", 429],
    ["ModelNotReadyException", 429],
    ["ServiceUnavailableException", 503],
    ["InternalServerException", 500],
    ["ValidationException", 400],
    ["AccessDeniedException", 403],
    ["ResourceNotFoundException", 404],
    ["ModelTimeoutException", 408],
    ["ModelErrorException", 424],
    ["ServiceQuotaExceededException", 400],
    ["ConflictException", 400],
    ["TooManyRequestsException", 400],
    ["RequestTimeoutException", 400],
    ["UnknownError", 502],
    ["UnknownError", 504],
    ["UnknownError", 501],
    ["InvalidSignatureException", 403, "Signature expired: 20260101T000000Z is now earlier than …"],
    ["InvalidSignatureException", 403, "Signature not yet current"],
    ["UnrecognizedClientException", 403],
  ];
  for (const [type, status, message] of rows) {
    const error = createServiceException(type, message ? { message } : {}, {
      httpStatusCode: status,
    }, status);
    assert.equal(retryKindOf(error), sdkKind(error), `${type} ${status}`);
  }
});

Deno.test("retryKindOf() retries network errors and request timeouts, not idle timeouts or other errors", () => {
  assert.equal(retryKindOf(new BedrockNetworkError("Cannot send request: reset")), "transient");
  assert.equal(retryKindOf(new BedrockTimeoutError("request", 10)), "transient");
  assert.equal(retryKindOf(new BedrockTimeoutError("idle", 10)), undefined);
  assert.equal(retryKindOf(new TypeError("x is not a function")), undefined);
  assert.equal(retryKindOf(new DOMException("aborted", "AbortError")), undefined);
  assert.equal(retryKindOf("string"), undefined);
});

Deno.test("RetryQuota grants and refunds retries exactly as @smithy/core's StandardRetryStrategy", async () => {
  const realRandom = Math.random;
  Math.random = () => 0; // the SDK strategy really sleeps its backoff: make it 0
  try {
    const sdk = new StandardRetryStrategy(1_000);
    const ours = new RetryQuota();
    const rng = mulberry32(7);
    let token = await sdk.acquireInitialRetryToken("bedrock");
    let lastCost: number | undefined;
    for (let step = 0; step < 400; step++) {
      const roll = rng();
      if (roll < 0.15) {
        sdk.recordSuccess(token);
        ours.release(lastCost);
        token = await sdk.acquireInitialRetryToken("bedrock");
        lastCost = undefined;
      } else {
        const kind: RetryKind = roll < 0.55 ? "throttling" : "transient";
        const errorType = kind === "throttling" ? "THROTTLING" : "TRANSIENT";
        let granted = true;
        try {
          token = await sdk.refreshRetryTokenForRetry(token, { errorType });
        } catch {
          granted = false;
        }
        const cost = ours.acquire(kind);
        assert.equal(cost !== undefined, granted, `step ${step}`);
        if (cost !== undefined) lastCost = cost;
      }
      assert.equal(ours.capacity, sdk.getCapacity(), `capacity at step ${step}`);
    }
  } finally {
    Math.random = realRandom;
  }
});

Deno.test("RetryQuota allows 35 transient or 100 throttling retries from a full bucket", () => {
  const a = new RetryQuota();
  let n = 0;
  while (a.acquire("transient") !== undefined) n++;
  assert.equal(n, 35);
  const b = new RetryQuota();
  n = 0;
  while (b.acquire("throttling") !== undefined) n++;
  assert.equal(n, 100);
  b.release(undefined);
  assert.equal(b.capacity, 1);
  assert.throws(() => new RetryQuota(-1), RangeError);
});

// A small seeded PRNG so that the differential sequence is reproducible.
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
