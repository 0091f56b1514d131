/**
 * The streaming decoder: an async iterable of messages over a byte source, with backpressure and
 * cancellation.
 *
 * @module
 */
import { EventStreamDecoder, type EventStreamDecoderOptions } from "./decoder.ts";
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

/** Pulls chunks from a source; `cancel` releases it. */
interface ChunkReader {
  read(): Promise<Uint8Array | undefined> | Uint8Array | undefined;
  cancel(reason?: unknown): Promise<void> | void;
}

function toChunk(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) {
    return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  }
  throw new TypeError(
    "Cannot decode event stream: the source yielded a chunk that is not a Uint8Array",
  );
}

function openReader(source: EventStreamSource): ChunkReader {
  if (source instanceof Uint8Array) source = [source];
  if (typeof (source as ReadableStream).getReader === "function") {
    const reader = (source as ReadableStream<Uint8Array>).getReader();
    return {
      read: () => reader.read().then((r) => (r.done ? undefined : toChunk(r.value))),
      cancel: (reason) => reader.cancel(reason).catch(() => {}),
    };
  }
  const asyncIt = (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator];
  if (typeof asyncIt === "function") {
    const it = asyncIt.call(source);
    return {
      read: () => it.next().then((r) => (r.done ? undefined : toChunk(r.value))),
      cancel: async () => {
        await it.return?.();
      },
    };
  }
  const syncIt = (source as Iterable<Uint8Array>)[Symbol.iterator];
  if (typeof syncIt === "function") {
    const it = syncIt.call(source);
    return {
      read: () => {
        const r = it.next();
        return r.done ? undefined : toChunk(r.value);
      },
      cancel: () => {
        it.return?.();
      },
    };
  }
  throw new TypeError(
    "Cannot decode event stream: source must be a ReadableStream, an (async) iterable of Uint8Array or a Uint8Array",
  );
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Returned by a transform to skip a message. */
export const SKIP: unique symbol = Symbol("skip");

/** Maps a decoded message to the value handed out, or {@linkcode SKIP}. */
export type MessageTransform<T> = (msg: EventStreamMessage, offset: number) => T | typeof SKIP;

/**
 * The async iterator behind {@linkcode decodeEventStream}. It reads from the source only when no
 * buffered message is left, so the source is pulled exactly as fast as the consumer reads.
 */
export class MessageIterator<T> implements AsyncIterableIterator<T> {
  #decoder: EventStreamDecoder;
  #source: EventStreamSource;
  #reader: ChunkReader | undefined;
  #done = false;
  #signal: AbortSignal | undefined;
  #map: MessageTransform<T>;
  #sourceClosed = false;
  #onAbort: (() => void) | undefined;

  constructor(
    source: EventStreamSource,
    options: DecodeEventStreamOptions,
    map: MessageTransform<T>,
  ) {
    this.#decoder = new EventStreamDecoder(options);
    this.#source = source;
    this.#map = map;
    const signal = options.signal;
    this.#signal = signal;
    if (signal !== undefined && !signal.aborted) {
      // Cancel the source as soon as the signal aborts, even when nobody is awaiting next().
      this.#onAbort = () => void this.#closeSource(signal.reason);
      signal.addEventListener("abort", this.#onAbort, { once: true });
    }
  }

  /** Cancels the source once (opening it first if it was never read) and drops the listener. */
  async #closeSource(reason?: unknown): Promise<void> {
    this.#release();
    if (this.#sourceClosed) return;
    this.#sourceClosed = true;
    try {
      await (this.#reader ??= openReader(this.#source)).cancel(reason);
    } catch {
      // A source that cannot be cancelled (locked, already closed) has nothing left to release.
    }
  }

  #release(): void {
    if (this.#onAbort !== undefined) {
      this.#signal!.removeEventListener("abort", this.#onAbort);
      this.#onAbort = undefined;
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#done) return Promise.resolve(DONE);
    try {
      if (this.#signal?.aborted) throw this.#signal.reason;
      for (let msg = this.#decoder.next(); msg !== undefined; msg = this.#decoder.next()) {
        const value = this.#map(msg, this.#decoder.messageOffset);
        if (value !== SKIP) return Promise.resolve({ done: false, value });
      }
      this.#reader ??= openReader(this.#source);
    } catch (e) {
      return this.#fail(e);
    }
    return this.#pull();
  }

  async #pull(): Promise<IteratorResult<T>> {
    const reader = this.#reader!;
    const signal = this.#signal;
    try {
      for (;;) {
        let chunk = reader.read();
        if (chunk instanceof Promise) chunk = await (signal ? raceAbort(chunk, signal) : chunk);
        if (this.#done) return DONE; // return() was called while the read was pending
        if (signal?.aborted) throw signal.reason;
        if (chunk === undefined) {
          this.#done = true;
          this.#release();
          this.#decoder.end();
          return DONE;
        }
        this.#decoder.push(chunk);
        for (let msg = this.#decoder.next(); msg !== undefined; msg = this.#decoder.next()) {
          const value = this.#map(msg, this.#decoder.messageOffset);
          if (value !== SKIP) return { done: false, value };
        }
      }
    } catch (e) {
      return this.#fail(e);
    }
  }

  async #fail(e: unknown): Promise<never> {
    if (!this.#done) {
      this.#done = true;
      await this.#closeSource(e);
    }
    throw e;
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.#done) {
      this.#done = true;
      await this.#closeSource();
    }
    return DONE;
  }

  async throw(e?: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw e;
  }
}

function identity(msg: EventStreamMessage): EventStreamMessage {
  return msg;
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
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
  return new MessageIterator<EventStreamMessage>(source, options, identity);
}
