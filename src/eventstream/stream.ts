/**
 * The streaming decoder: an async iterable of messages over a byte source, with backpressure and
 * cancellation.
 *
 * @module
 */
import { raceAbort } from "../_abort.ts";
import { type Frames, frames, message } from "./_frames.ts";
import type { EventStreamDecoderOptions } from "./decoder.ts";
import type { EventStreamMessage } from "./types.ts";

/**
 * A byte source: a `ReadableStream` (e.g. `response.body`), an async or sync iterable of chunks,
 * or one `Uint8Array`.
 *
 * @example
 * ```ts
 * import type { EventStreamSource } from "@bedrock-fetch/core/eventstream";
 * const source: EventStreamSource = [new Uint8Array(0)];
 * ```
 */
export type EventStreamSource =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | Uint8Array;

/** Options of {@linkcode decodeEventStream}. */
export interface DecodeEventStreamOptions extends EventStreamDecoderOptions {
  /** Aborts the iteration: the source is cancelled and the pending `next()` rejects. */
  signal?: AbortSignal;
}

type Chunk = Uint8Array | undefined;

/** Pulls chunks from a source (synchronously for a sync iterable); `cancel` releases it. */
interface ChunkReader {
  read(): Promise<Chunk> | Chunk;
  cancel(reason?: unknown): unknown;
}

const NOT_BYTES = "Cannot decode event stream: ";

function toChunk(r: IteratorResult<unknown> | ReadableStreamReadResult<unknown>): Chunk {
  const v = r.value;
  if (r.done) return undefined;
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  throw new TypeError(NOT_BYTES + "a chunk is not a Uint8Array");
}

type AnySource = {
  getReader?(): ReadableStreamDefaultReader<unknown>;
  [Symbol.asyncIterator]?(): AsyncIterator<unknown>;
  [Symbol.iterator]?(): Iterator<unknown>;
};

function openReader(source: EventStreamSource): ChunkReader {
  const s = (source instanceof Uint8Array ? [source] : source) as AnySource;
  const it = typeof s.getReader === "function"
    ? s.getReader()
    : s[Symbol.asyncIterator]?.() ?? s[Symbol.iterator]?.();
  if (it === undefined) {
    throw new TypeError(
      NOT_BYTES + "source must be a ReadableStream, an (async) iterable or a Uint8Array",
    );
  }
  if ("cancel" in it) return { read: () => it.read().then(toChunk), cancel: (r) => it.cancel(r) };
  return {
    read: () => {
      const r = it.next();
      return r instanceof Promise ? r.then(toChunk) : toChunk(r as IteratorResult<unknown>);
    },
    cancel: () => it.return?.(),
  };
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Returned by a transform to skip a message. */
export const SKIP: unique symbol = Symbol("skip");

/** Maps the frame just decoded to the value handed out, or {@linkcode SKIP}. */
export type FrameTransform<T> = (frames: Frames) => T | typeof SKIP;

/**
 * Decodes every complete frame of the current chunk at once (calling `frames.next()` itself) and
 * appends the values to hand out to `out`. When it throws after appending, the values appended
 * are handed out first and the error after them.
 */
export type BatchTransform<T> = (frames: Frames, out: T[]) => void;

/**
 * The async iterator behind {@linkcode decodeEventStream} and the Bedrock decoders. It reads from
 * the source only when no decoded frame is left in the current chunk (the frames of a chunk are
 * decoded in one synchronous loop), so the source is pulled exactly as fast as the consumer reads.
 * `map` is a {@linkcode BatchTransform} when `batched`; `onEnd` runs once after a clean end.
 */
export function iterateFrames<T>(
  source: EventStreamSource,
  options: DecodeEventStreamOptions,
  map: FrameTransform<T> | BatchTransform<T>,
  batched?: boolean,
  onEnd?: () => void,
): AsyncIterableIterator<T> {
  const f = frames(options.maxMessageLength);
  const batch = batched ? map as BatchTransform<T> : undefined;
  /** Values decoded by `batch` and not yet handed out, and the error to throw after them. */
  const queue: T[] = [];
  let head = 0;
  let deferred: { error: unknown } | undefined;
  const signal = options.signal;
  let reader: ChunkReader | undefined;
  let done = false;
  let closed = false;
  const onAbort = () => void close(signal!.reason);
  // Cancel the source as soon as the signal aborts, even when nobody is awaiting next().
  signal?.addEventListener("abort", onAbort, { once: true });

  /** Cancels the source once (opening it first if it was never read) and drops the listener. */
  const close = async (reason?: unknown): Promise<void> => {
    signal?.removeEventListener("abort", onAbort);
    if (closed) return;
    closed = true;
    try {
      await (reader ??= openReader(source)).cancel(reason);
    } catch {
      // A source that cannot be cancelled (locked, already closed) has nothing left to release.
    }
  };
  /** Decodes (and reads) until a value, the end or an error. */
  const pull = async (): Promise<IteratorResult<T>> => {
    try {
      while (!done) {
        if (signal?.aborted) throw signal.reason;
        // Every frame already received is decoded synchronously; the source is read (one await
        // per chunk) only when none is left.
        if (head < queue.length) return { done: false, value: queue[head++]! };
        if (deferred) throw deferred.error;
        if (batch) {
          queue.length = head = 0;
          try {
            batch(f, queue);
          } catch (error) {
            if (queue.length === 0) throw error;
            deferred = { error };
          }
          if (queue.length > 0) return { done: false, value: queue[head++]! };
        } else {
          while (f.next()) {
            const value = (map as FrameTransform<T>)(f);
            if (value !== SKIP) return { done: false, value };
          }
        }
        let chunk = (reader ??= openReader(source)).read();
        if (chunk instanceof Promise) chunk = await raceAbort(chunk, signal);
        if (done) break; // return() was called while the read was pending
        if (chunk) f.push(chunk);
        else {
          done = true;
          signal?.removeEventListener("abort", onAbort);
          f.end();
          onEnd?.();
        }
      }
    } catch (e) {
      if (!done) {
        done = true;
        await close(e);
      }
      throw e;
    }
    return DONE;
  };
  const it: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => it,
    // A value already decoded is handed out without an async function's own promise machinery.
    next: () =>
      head < queue.length && !done && !signal?.aborted
        ? Promise.resolve({ done: false, value: queue[head++]! })
        : pull(),
    async return() {
      if (!done) {
        done = true;
        await close();
      }
      return DONE;
    },
    async throw(e?: unknown) {
      await it.return!();
      throw e;
    },
  };
  return it;
}

/**
 * Decodes an `application/vnd.amazon.eventstream` byte source into messages, strictly (both CRCs,
 * length bounds, header bounds, no trailing bytes). The source is read only as fast as the
 * messages are consumed; breaking out of the loop, calling `return()` or aborting `signal` cancels
 * it.
 *
 * @param source `response.body`, an (async) iterable of chunks, or one `Uint8Array`.
 * @param options `maxMessageLength` (default 16 MiB) and an abort `signal`.
 * @returns An async iterable of messages; each `body` is a view, valid as long as you keep it.
 * @throws {EventStreamError} From the iterator, on any corruption or a truncated final frame.
 * @example
 * ```ts
 * import { decodeEventStream, encodeEventStreamMessage } from "@bedrock-fetch/core/eventstream";
 * const bytes = encodeEventStreamMessage({
 *   headers: { ":event-type": { type: "string", value: "chunk" } },
 *   body: new TextEncoder().encode("{}"),
 * });
 * for await (const msg of decodeEventStream([bytes])) {
 *   console.log(msg.headers[":event-type"]?.value, msg.body.length); // chunk 2
 * }
 * ```
 */
export function decodeEventStream(
  source: EventStreamSource,
  options: DecodeEventStreamOptions = {},
): AsyncIterableIterator<EventStreamMessage> {
  return iterateFrames<EventStreamMessage>(source, options, message);
}
