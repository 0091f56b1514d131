/**
 * One HTTP attempt: fetch under the request timeout and the caller's signal, then either hand the
 * body over (guarded stream or whole bytes) or read the error body and build the service exception.
 *
 * @example
 * ```ts ignore
 * import { runAttempt } from "./attempt.ts";
 * const outcome = await runAttempt({ fetch, url, init, stream: false, ... });
 * ```
 *
 * @module
 */

import { BedrockTimeoutError, type ResponseMetadata } from "../errors.ts";
import { raceAbort } from "./abort.ts";
import { errorFromResponse } from "./error_response.ts";
import { guardStream, toNetworkError } from "./stream.ts";

/** Inputs of {@linkcode runAttempt}. */
export interface AttemptInput {
  /** The fetch to call. */
  fetch: typeof fetch;
  /** The full URL. */
  url: string;
  /** Method, signed headers and body (the signal is set here). */
  init: { method: string; headers: Headers; body?: Uint8Array | string | undefined };
  /** Whether the response is an event stream to hand over. */
  stream: boolean;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** Time to headers (and to the whole body when not streaming); 0 = none. */
  requestTimeoutMs: number;
  /** Idle limit between stream chunks; 0 = none. */
  streamIdleTimeoutMs: number;
  /** Metadata of this attempt (attempts, totalRetryDelay); status and ids are added here. */
  metadata: ResponseMetadata;
  /** Called when headers arrive, before the body is read. */
  onHeaders: (response: Response) => void;
}

/** What one attempt produced. */
export type AttemptOutcome =
  | {
    ok: true;
    response: Response;
    metadata: ResponseMetadata;
    body: Uint8Array;
    stream: ReadableStream<Uint8Array> | null;
  }
  | { ok: false; error: unknown; response: Response | undefined };

const EMPTY = new Uint8Array(0);

function isJson(response: Response): boolean {
  const type = response.headers.get("content-type")?.toLowerCase() ?? "";
  return type.startsWith("application/json") || type.startsWith("application/x-amz-json");
}

/**
 * Runs one attempt. Rejects only with the caller's `signal.reason` (or a hook's exception); every
 * other failure is returned for the retry policy to judge.
 *
 * @param input What to send and how.
 * @returns The outcome.
 * @example
 * ```ts ignore
 * const outcome = await runAttempt(input);
 * if (!outcome.ok) console.log(outcome.error);
 * ```
 */
export async function runAttempt(input: AttemptInput): Promise<AttemptOutcome> {
  const { signal, requestTimeoutMs } = input;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (requestTimeoutMs > 0 && requestTimeoutMs < Infinity) {
    timer = setTimeout(
      () => controller.abort(new BedrockTimeoutError("request", requestTimeoutMs)),
      requestTimeoutMs,
    );
  }
  const release = () => {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  };
  // A failure while the attempt is ours: the caller's abort rejects, a timeout or network error
  // is returned for the retry policy.
  const failed = (error: unknown, response: Response | undefined, action: string) => {
    release();
    if (signal?.aborted) throw signal.reason;
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    return { ok: false as const, error: toNetworkError(reason, action), response };
  };

  let response: Response;
  let pending: Promise<Response> | undefined;
  try {
    const { method, headers, body } = input.init;
    const fetchFn = input.fetch; // called without a receiver: workerd rejects a foreign `this`
    pending = fetchFn(input.url, {
      method,
      headers,
      body: (body ?? null) as BodyInit | null,
      signal: controller.signal,
    });
    response = await raceAbort(pending, controller.signal);
  } catch (error) {
    // A fetch that ignores its signal may still answer: drop that body so the connection closes.
    pending?.then((late) => late.body?.cancel().catch(() => {}), () => {});
    return failed(error, undefined, "send request");
  }
  const metadata: ResponseMetadata = { ...input.metadata, httpStatusCode: response.status };
  const requestId = response.headers.get("x-amzn-requestid");
  if (requestId) metadata.requestId = requestId;
  const id2 = response.headers.get("x-amz-id-2");
  if (id2) metadata.extendedRequestId = id2;
  const cfId = response.headers.get("x-amz-cf-id");
  if (cfId) metadata.cfId = cfId;
  try {
    input.onHeaders(response);
  } catch (error) {
    release();
    controller.abort(error);
    throw error;
  }

  const success = response.ok && !(input.stream && isJson(response));
  if (success && input.stream) {
    release(); // from here the guarded stream owns the signal and the connection
    const stream = guardStream(response.body ?? new Blob([]).stream(), {
      idleTimeoutMs: input.streamIdleTimeoutMs,
      signal,
      abort: (reason) => controller.abort(reason),
    });
    return { ok: true, response, metadata, body: EMPTY, stream };
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await raceAbort(response.arrayBuffer(), controller.signal));
  } catch (error) {
    controller.abort(error);
    return failed(error, response, "read response body");
  }
  release();
  if (success) return { ok: true, response, metadata, body: bytes, stream: null };
  return {
    ok: false,
    error: errorFromResponse(response.status, response.headers, bytes, metadata),
    response,
  };
}
