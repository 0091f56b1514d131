/**
 * The synchronous event-stream decoder: bytes in, messages out, no promises.
 *
 * @module
 */
import { type Frames, frames, message } from "./_frames.ts";
import type { EventStreamMessage } from "./types.ts";

/** Options of {@linkcode EventStreamDecoder}. */
export interface EventStreamDecoderOptions {
  /**
   * The largest accepted message in bytes; a longer length prefix is rejected before anything
   * is buffered.
   *
   * @default {16777216}
   */
  maxMessageLength?: number;
}

/**
 * A strict, incremental decoder of `application/vnd.amazon.eventstream` frames. Feed chunks with
 * {@linkcode EventStreamDecoder.push}, take messages with {@linkcode EventStreamDecoder.next} until
 * it returns `undefined`, and call {@linkcode EventStreamDecoder.end} at end of input.
 *
 * Frames that lie wholly inside one chunk are decoded in place (`body` is a view of the chunk); a
 * frame split across chunks is copied once, into a buffer of its exact length (frames up to 4 KiB
 * are carved from a shared 64 KiB slab, which is never reused while views into it may live). Both CRCs are
 * checked; every corruption throws an {@linkcode EventStreamError} carrying the frame's offset.
 *
 * @example
 * ```ts
 * import { encodeEventStreamMessage, EventStreamDecoder } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({ headers: { ":event-type": { type: "string", value: "chunk" } } });
 * const decoder = new EventStreamDecoder();
 * const messages = [...decoder.decode(frame.subarray(0, 10)), ...decoder.decode(frame.subarray(10))];
 * decoder.end();
 * messages[0]?.headers[":event-type"]?.value; // "chunk"
 * ```
 */
export class EventStreamDecoder {
  #frames: Frames;
  /**
   * Creates a decoder.
   *
   * @param options The maximum message length.
   */
  constructor(options: EventStreamDecoderOptions = {}) {
    this.#frames = frames(options.maxMessageLength);
  }

  /** The stream offset of the frame of the message last returned by `next()`. */
  get messageOffset(): number {
    return this.#frames.offset;
  }

  /** Bytes received but not yet returned as messages. */
  get pendingBytes(): number {
    return this.#frames.pending();
  }

  /**
   * Adds a chunk. Call {@linkcode EventStreamDecoder.next} until it returns `undefined` before
   * pushing the next chunk; the chunk is not copied unless a frame straddles its end.
   *
   * @param chunk The next bytes of the stream.
   */
  push(chunk: Uint8Array): void {
    if (this.#frames.unread()) {
      throw new Error(
        "Cannot push chunk: the previous chunk is not fully consumed (call next() first)",
      );
    }
    this.#frames.push(chunk);
  }

  /**
   * Returns the next complete message, or `undefined` when more bytes are needed.
   *
   * @returns The message, or `undefined`.
   * @throws {EventStreamError} On any corruption.
   */
  next(): EventStreamMessage | undefined {
    const f = this.#frames;
    return f.next() ? message(f) : undefined;
  }

  /**
   * Pushes a chunk and returns every message it completes.
   *
   * @param chunk The next bytes of the stream.
   * @returns The messages completed by this chunk, possibly none.
   * @throws {EventStreamError} On any corruption.
   */
  decode(chunk: Uint8Array): EventStreamMessage[] {
    this.push(chunk);
    const out: EventStreamMessage[] = [];
    for (let m = this.next(); m !== undefined; m = this.next()) out.push(m);
    return out;
  }

  /**
   * Declares the end of input.
   *
   * @throws {EventStreamError} `truncated-stream` when bytes of an unfinished frame remain.
   */
  end(): void {
    this.#frames.end();
  }
}
