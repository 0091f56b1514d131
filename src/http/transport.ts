/**
 * The transport under `BedrockRuntime`: sign → fetch → classify → retry. Every attempt is signed
 * afresh (SigV4, service `bedrock`, or a bearer API key); throttling, 5xx, network failures and
 * request timeouts are retried in the AWS SDK's standard mode (full-jitter backoff, `Retry-After`,
 * a shared retry quota); a skewed clock is corrected from the server's `Date` and retried once.
 * Nothing is retried once a stream was handed to the caller.
 *
 * @example
 * ```ts ignore
 * import { Transport } from "./transport.ts";
 * const transport = new Transport({
 *   endpoint: () => Promise.resolve("https://bedrock-runtime.us-east-1.amazonaws.com"),
 *   region: () => Promise.resolve("us-east-1"),
 *   credentials: () => Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "secret" }),
 * });
 * const res = await transport.send({
 *   operation: "Converse",
 *   method: "POST",
 *   path: `/model/${encodeURIComponent("amazon.nova-micro-v1:0")}/converse`,
 *   headers: { "content-type": "application/json" },
 *   body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
 * });
 * ```
 *
 * @module
 */

import { BedrockCredentialsError, BedrockInputError } from "../errors.ts";
import { applyBearerToken } from "../sigv4/bearer.ts";
import { SigV4HeaderSigner } from "../sigv4/sign.ts";
import { hashPayload } from "../sigv4/payload.ts";
import { abortableSleep, noop, raceAbort } from "../_abort.ts";
import { runAttempt } from "./attempt.ts";
import type {
  TransportConfig,
  TransportRequest,
  TransportResponse,
  TransportSendOptions,
} from "./types.ts";
import { redactHeaders } from "./hooks.ts";
import { CLOCK_SKEW_TYPES, retryKindOf } from "./classify.ts";
import {
  backoffDelay,
  CLOCK_SKEW_LIMIT_MS,
  DEFAULT_MAX_ATTEMPTS,
  parseRetryAfter,
  retryDelay,
  type RetryKind,
  RetryQuota,
} from "./retry.ts";
import { userAgent } from "./user_agent.ts";

export type {
  TransportHooks,
  TransportRequestContext,
  TransportResponseContext,
  TransportRetryContext,
} from "./hooks.ts";
export { RetryQuota } from "./retry.ts";
export type {
  BodyHasher,
  TransportConfig,
  TransportRequest,
  TransportResponse,
  TransportSendOptions,
} from "./types.ts";
export type { RetryKind } from "./retry.ts";
export type { SleepFunction } from "../_abort.ts";

/**
 * Sends Bedrock requests with signing, retries, timeouts and typed errors.
 *
 * @example
 * ```ts ignore
 * import { Transport } from "./transport.ts";
 * const transport = new Transport({
 *   endpoint: () => Promise.resolve("http://127.0.0.1:8080"),
 *   region: () => Promise.resolve("us-east-1"),
 *   token: () => Promise.resolve("emulator-token"),
 * });
 * const res = await transport.send({ operation: "CountTokens", method: "POST", path: "/model/m/count-tokens", headers: {} });
 * ```
 */
export class Transport {
  readonly #config: TransportConfig;
  readonly #quota: RetryQuota;
  readonly #now: () => number;
  #clockOffsetMs = 0;
  #signer: SigV4HeaderSigner | undefined;

  /**
   * Creates a transport; nothing is resolved or sent until {@linkcode Transport.send}.
   *
   * @param config Endpoint, region, credentials or token, and retry and timeout settings.
   * @throws {BedrockInputError} when `maxAttempts` or a timeout is out of range.
   */
  constructor(config: TransportConfig) {
    const maxAttempts = config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new BedrockInputError("maxAttempts", `must be an integer >= 1, got ${maxAttempts}`);
    }
    for (const key of ["requestTimeoutMs", "streamIdleTimeoutMs"] as const) {
      const value = config[key];
      if (value !== undefined && !(value >= 0)) {
        throw new BedrockInputError(key, `must be a number >= 0, got ${value}`);
      }
    }
    this.#config = config;
    this.#quota = config.retryQuota ?? new RetryQuota();
    this.#now = config.now ?? Date.now;
  }

  /** The correction added to the local clock when signing, learned from the server's `Date`. */
  get clockOffsetMs(): number {
    return this.#clockOffsetMs;
  }

  /**
   * Sends a request, retrying what the AWS standard mode retries.
   *
   * @param req The operation, path, modeled headers and body.
   * @param options The abort signal.
   * @returns The 2xx response with its body (or guarded stream) and `$metadata`.
   * @throws {BedrockRuntimeServiceException} the last error response, typed by its error type.
   * @throws {BedrockNetworkError} when the connection fails on the last attempt.
   * @throws {BedrockTimeoutError} when the request timeout fires on the last attempt.
   */
  async send(
    req: TransportRequest,
    { signal }: TransportSendOptions = {},
  ): Promise<TransportResponse> {
    signal?.throwIfAborted();
    const config = this.#config;
    const { hooks, token: getToken } = config;
    const { operation, method, body } = req;
    const now = this.#now;
    const url = joinUrl(await raceAbort(config.endpoint(), signal), req.path);
    const token = getToken && await raceAbort(getToken(), signal);
    // The body's hash is the same for every attempt: computed once, and started before the
    // region is awaited (Web Crypto digests a large body on another thread meanwhile).
    const payloadHash = token ? undefined : payloadHashOf(config, body);
    const signer = token ? undefined : this.#signerFor(await raceAbort(config.region(), signal));
    const ua = userAgent(config.userAgentAppId);
    const invocationId = crypto.randomUUID();
    const random = config.random ?? Math.random;
    const sleep = config.sleep ?? abortableSleep;
    const maxAttempts = config.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    let totalRetryDelay = 0;
    let lastCost: number | undefined;
    let skewRetried = false;

    for (let attempt = 1;; attempt++) {
      signal?.throwIfAborted();
      const headers: Record<string, string> = {
        ...req.headers,
        "x-amz-user-agent": ua,
        "amz-sdk-invocation-id": invocationId,
        "amz-sdk-request": `attempt=${attempt}; max=${maxAttempts}`,
      };
      const sent = token ? applyBearerToken(new Headers(headers), token) : (await raceAbort(
        signer!.sign({ method, url, headers, body }, {
          date: new Date(now() + this.#clockOffsetMs),
          contentSha256: true,
          payloadHash,
        }),
        signal,
      )).headers;
      sent.set("user-agent", ua); // unsigned, as the SDK leaves it
      const call = { operation, attempt, invocationId };
      hooks?.onRequest?.({ ...call, maxAttempts, method, url, headers: redactHeaders(sent) });
      const started = now();
      let skewCorrected = false;
      let response: Response | undefined;
      const outcome = await runAttempt(
        config,
        url,
        { method, headers: sent, body: body ?? null },
        req.stream,
        signal,
        { attempts: attempt, totalRetryDelay },
        (res) => {
          response = res;
          skewCorrected = this.#correctClock(res.headers);
          hooks?.onResponse?.({
            ...call,
            status: res.status,
            requestId: res.headers.get("x-amzn-requestid") ?? undefined,
            headers: res.headers,
            elapsedMs: now() - started,
          });
        },
      );
      if (!(outcome instanceof Error)) {
        this.#quota.release(lastCost);
        return outcome;
      }
      let kind: RetryKind | undefined = retryKindOf(outcome);
      // Only service exceptions carry these names (the others are `Bedrock*Error`s).
      if (!kind && skewCorrected && !skewRetried && CLOCK_SKEW_TYPES.has(outcome.name)) {
        kind = "transient";
        skewRetried = true;
      }
      const cost = kind && attempt < maxAttempts ? this.#quota.acquire(kind) : undefined;
      if (cost === undefined) throw outcome;
      const delayMs = retryDelay(
        backoffDelay(attempt - 1, kind!, random),
        response && parseRetryAfter(response.headers, now()),
      );
      hooks?.onRetry?.({ ...call, kind: kind!, error: outcome, delayMs });
      await sleep(delayMs, signal);
      totalRetryDelay += delayMs;
      lastCost = cost;
    }
  }

  #signerFor(region: string): SigV4HeaderSigner {
    if (this.#signer?.region !== region) {
      const credentials = this.#config.credentials;
      if (!credentials) {
        throw new BedrockCredentialsError(
          "Cannot sign request: no credentials or token configured",
        );
      }
      this.#signer = new SigV4HeaderSigner({ region, service: "bedrock", credentials });
    }
    return this.#signer;
  }

  // The SDK's rule: when the server's Date is 5 minutes or more from the corrected local clock,
  // adopt the server's time. Returns whether the offset changed.
  #correctClock(headers: Headers): boolean {
    const server = Date.parse(headers.get("date") ?? "");
    const local = this.#now();
    if (!(Math.abs(local + this.#clockOffsetMs - server) >= CLOCK_SKEW_LIMIT_MS)) return false;
    this.#clockOffsetMs = server - local;
    return true;
  }
}

// The body's payload hash: the configured hasher's (checked, so that a bad one fails clearly
// instead of as a signature mismatch), else the built-in one. It is awaited only when signing, so a
// rejection must not count as unhandled meanwhile (the region may fail first).
function payloadHashOf(config: TransportConfig, body: Uint8Array | string | undefined) {
  const custom = body?.length ? config.hashBody : undefined;
  const check = (hash: unknown): string => {
    if (typeof hash === "string" && /^[0-9a-f]{64}$/.test(hash)) return hash;
    throw new BedrockInputError("hashBody", "must return the lowercase hex SHA-256 of the body");
  };
  let hash = custom ? custom(body!) : hashPayload(body);
  if (custom) hash = hash instanceof Promise ? hash.then(check) : check(hash);
  if (hash instanceof Promise) hash.catch(noop);
  return hash;
}

// The endpoint plus the path; an endpoint that is not an absolute http(s) URL is a configuration
// error, reported once instead of being retried as a network failure.
function joinUrl(endpoint: string, path: string): string {
  if (typeof endpoint !== "string" || !/^https?:\/\/[^/?#\s]+/i.test(endpoint)) {
    throw new BedrockInputError("endpoint", "must be an absolute http(s) URL");
  }
  return endpoint.replace(/\/$/, "") + path;
}
