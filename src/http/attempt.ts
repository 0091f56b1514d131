/**
 * One HTTP attempt: fetch under the request timeout and the caller's signal, then either hand the
 * body over (guarded stream or whole bytes) or read the error body and build the service exception.
 *
 * @example
 * ```ts ignore
 * import { runAttempt } from "./attempt.ts";
 * const outcome = await runAttempt(config, url, init, false, signal, metadata, onHeaders);
 * ```
 *
 * @module
 */

import { BedrockTimeoutError, type ResponseMetadata } from "../errors.ts";
import { noop, onAbort, raceAbort, startTimer } from "../_abort.ts";
import { errorFromResponse } from "./error_response.ts";
import { guardStream, toNetworkError } from "./stream.ts";
import type { TransportConfig, TransportResponse } from "./types.ts";

/** Method, signed headers and body of one attempt. */
export interface AttemptInit {
  /** The HTTP method. */
  method: string;
  /** The signed headers. */
  headers: Headers;
  /** The body, `null` for none. */
  body: Uint8Array | string | null;
}

const EMPTY = new Uint8Array(0);

// `$metadata` members copied from response headers when present.
const METADATA_HEADERS = {
  requestId: "x-amzn-requestid",
  extendedRequestId: "x-amz-id-2",
  cfId: "x-amz-cf-id",
} as const;

/**
 * Runs one attempt. Rejects only with the caller's `signal.reason` (or a hook's exception); every
 * other failure is returned, as an `Error`, for the retry policy to judge.
 *
 * @param config The transport's `fetch`, `requestTimeoutMs` (time to headers, and to the whole
 *   body when not streaming) and `streamIdleTimeoutMs` (between stream chunks).
 * @param url The full URL.
 * @param init Method, signed headers and body.
 * @param stream Whether the response is an event stream to hand over.
 * @param signal The caller's signal.
 * @param metadata Metadata of this attempt (attempts, totalRetryDelay); status and ids are added.
 * @param onHeaders Called when headers arrive, before the body is read.
 * @returns The 2xx response, or the failure (a service exception, network or timeout error).
 * @example
 * ```ts ignore
 * const outcome = await runAttempt(config, url, init, false, signal, metadata, onHeaders);
 * if (outcome instanceof Error) console.log(outcome);
 * ```
 */
export async function runAttempt(
  config: TransportConfig,
  url: string,
  init: AttemptInit,
  stream: boolean | undefined,
  signal: AbortSignal | undefined,
  metadata: ResponseMetadata,
  onHeaders: (response: Response) => void,
): Promise<TransportResponse | Error> {
  const controller = new AbortController();
  const ours = controller.signal;
  const abort = (reason: unknown) => controller.abort(reason);
  const timeoutMs = config.requestTimeoutMs ?? 0;
  const off = onAbort(signal, () => abort(signal!.reason));
  const timer = startTimer(timeoutMs, () => abort(new BedrockTimeoutError("request", timeoutMs)));
  const release = () => {
    clearTimeout(timer);
    off();
  };
  // A failure while the attempt is ours: the caller's abort rejects, a timeout or network error
  // is returned for the retry policy.
  const failed = (error: unknown, action: string) => {
    release();
    if (signal?.aborted) throw signal.reason;
    return toNetworkError(ours.aborted ? ours.reason : error, action);
  };

  let response: Response;
  let pending: Promise<Response> | undefined;
  try {
    // called without a receiver: workerd rejects a foreign `this`
    pending = (config.fetch ?? globalThis.fetch)(url, { ...init, signal: ours } as RequestInit);
    response = await raceAbort(pending, ours);
  } catch (error) {
    // A fetch that ignores its signal may still answer: drop that body so the connection closes.
    pending?.then((late) => late.body?.cancel().catch(noop), noop);
    return failed(error, "send request");
  }
  const { status, headers } = response;
  const $metadata: ResponseMetadata = { ...metadata, httpStatusCode: status };
  let key: keyof typeof METADATA_HEADERS;
  for (key in METADATA_HEADERS) {
    const value = headers.get(METADATA_HEADERS[key]);
    if (value) $metadata[key] = value;
  }
  try {
    onHeaders(response);
  } catch (error) {
    release();
    abort(error);
    throw error;
  }

  const ok = response.ok &&
    !(stream && /^application\/(x-amz-)?json/i.test(headers.get("content-type") ?? ""));
  const done = (body: Uint8Array, stream: ReadableStream<Uint8Array> | null) => ({
    status,
    headers,
    $metadata,
    body,
    stream,
  });
  if (ok && stream) {
    release(); // from here the guarded stream owns the signal and the connection
    return done(
      EMPTY,
      guardStream(response.body ?? new Blob([]).stream(), {
        idleTimeoutMs: config.streamIdleTimeoutMs ?? 60_000,
        signal,
        abort,
      }),
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await raceAbort(response.arrayBuffer(), ours));
  } catch (error) {
    abort(error);
    return failed(error, "read response body");
  }
  release();
  return ok ? done(bytes, null) : errorFromResponse(status, headers, bytes, $metadata);
}
