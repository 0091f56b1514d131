/**
 * Guards a response body handed to the caller: an idle timeout between chunks, the caller's
 * `AbortSignal`, and network failures reported as {@linkcode BedrockNetworkError}. On any of them
 * the underlying body is cancelled and the connection aborted.
 *
 * @example
 * ```ts
 * import { guardStream } from "./stream.ts";
 * const body = new Blob(["hello"]).stream();
 * const guarded = guardStream(body, { idleTimeoutMs: 1_000, abort: () => {} });
 * await new Response(guarded).text(); // "hello"
 * ```
 *
 * @module
 */

import { BedrockFetchError, BedrockNetworkError, BedrockTimeoutError } from "../errors.ts";
import { noop, onAbort, startTimer } from "../_abort.ts";

/** Options of {@linkcode guardStream}. */
export interface GuardStreamOptions {
  /** Longest wait for the next chunk while the consumer is reading; 0 or absent disables it. */
  idleTimeoutMs?: number | undefined;
  /** The caller's signal: aborting it errors the stream with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Aborts the underlying request (closes the connection); called on every early end. */
  abort: (reason: unknown) => void;
}

/**
 * Wraps a network failure in {@linkcode BedrockNetworkError}; library errors pass through.
 *
 * @param error What fetch or the body reader threw.
 * @param action What was being done, e.g. `"read response stream"`.
 * @returns The error to report.
 * @example
 * ```ts
 * import { toNetworkError } from "./stream.ts";
 * toNetworkError(new TypeError("connection reset"), "send request").name; // "BedrockNetworkError"
 * ```
 */
export function toNetworkError(error: unknown, action: string): BedrockFetchError {
  if (error instanceof BedrockFetchError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new BedrockNetworkError(`Cannot ${action}: ${detail || "network error"}`, {
    cause: error,
  });
}

/**
 * Wraps `body` so that it errors with {@linkcode BedrockTimeoutError} (`"idle"`) when no chunk
 * arrives within `idleTimeoutMs` while the consumer waits, with `signal.reason` when the signal
 * aborts, and with {@linkcode BedrockNetworkError} when the connection fails. Pull-based: time the
 * consumer spends between reads is not idle time.
 *
 * @param body The response body.
 * @param options Timeout, signal and the request's abort function.
 * @returns The guarded stream.
 * @example
 * ```ts
 * import { guardStream } from "./stream.ts";
 * const guarded = guardStream(new Blob(["x"]).stream(), { abort: () => {} });
 * ```
 */
export function guardStream(
  body: ReadableStream<Uint8Array>,
  { idleTimeoutMs = 0, signal, abort }: GuardStreamOptions,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let controller: ReadableStreamDefaultController<Uint8Array>;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let off = noop;
  let settled = false;

  const settle = () => {
    settled = true;
    clearTimeout(timer);
    off();
  };
  // An early end: `errored` for a failure (the consumer sees `reason`), else the consumer's cancel.
  const end = (reason: unknown, errored?: boolean) => {
    if (settled) return;
    settle();
    if (errored) controller.error(reason);
    abort(reason);
    return reader.cancel(reason).catch(noop);
  };
  const fail = (error: unknown) => void end(error, true);

  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      off = onAbort(signal, () => fail(signal!.reason));
      if (signal?.aborted) fail(signal.reason);
    },
    async pull(c) {
      timer = startTimer(idleTimeoutMs, () => fail(new BedrockTimeoutError("idle", idleTimeoutMs)));
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        return fail(toNetworkError(error, "read response stream"));
      }
      clearTimeout(timer);
      if (settled) return;
      if (result.done) {
        settle();
        c.close();
      } else {
        c.enqueue(result.value);
      }
    },
    cancel: end,
  }, { highWaterMark: 0 });
}
