/**
 * The synchronous event-stream decoder: bytes in, messages out, no promises.
 *
 * @module
 */
import { EventStreamError } from "../errors.ts";
import { crc32 } from "./crc32.ts";
import { HeaderBlockCache } from "./headers.ts";
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  type EventStreamMessage,
  MIN_MESSAGE_LENGTH,
} from "./types.ts";

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

/** Split frames up to this size are carved from a shared slab instead of their own buffer. */
const SLAB_FRAME_MAX = 4096;
const SLAB_SIZE = 65536;

/** Copies `src[from..to)` into `dst` at `at`; a plain loop beats `set(subarray())` on short runs. */
function copy(dst: Uint8Array, at: number, src: Uint8Array, from: number, to: number): void {
  if (to - from > 256) {
    dst.set(src.subarray(from, to), at);
    return;
  }
  for (let i = from; i < to; i++) dst[at++] = src[i]!;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
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
  #max: number;
  #chunk: Uint8Array = new Uint8Array(0);
  #pos = 0;
  /** Stream offset of `#chunk[0]`. */
  #base = 0;
  /** The 12-byte prelude of a frame split before its prelude was complete. */
  #prelude = new Uint8Array(12);
  #preludeFill = 0;
  /** The exact-size buffer of a frame split across chunks. */
  #frame: Uint8Array | undefined;
  #frameFill = 0;
  #frameOffset = 0;
  #failed: EventStreamError | undefined;
  #lastOffset = 0;
  #slab: Uint8Array = new Uint8Array(0);
  #slabUsed = 0;
  #blocks = new HeaderBlockCache();

  /**
   * Creates a decoder.
   *
   * @param options The maximum message length.
   */
  constructor(options: EventStreamDecoderOptions = {}) {
    const max = options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
    if (!Number.isInteger(max) || max < MIN_MESSAGE_LENGTH || max > 0xffffffff) {
      throw new RangeError(
        `Cannot create decoder: maxMessageLength must be an integer from 16 to 4294967295 (got ${max})`,
      );
    }
    this.#max = max;
  }

  /** The stream offset of the frame of the message last returned by `next()`. */
  get messageOffset(): number {
    return this.#lastOffset;
  }

  /** Bytes received but not yet returned as messages. */
  get pendingBytes(): number {
    return this.#chunk.length - this.#pos + this.#preludeFill + this.#frameFill;
  }

  /**
   * Adds a chunk. Call {@linkcode EventStreamDecoder.next} until it returns `undefined` before
   * pushing the next chunk; the chunk is not copied unless a frame straddles its end.
   *
   * @param chunk The next bytes of the stream.
   */
  push(chunk: Uint8Array): void {
    if (this.#pos < this.#chunk.length) {
      throw new Error(
        "Cannot push chunk: the previous chunk is not fully consumed (call next() first)",
      );
    }
    this.#base += this.#chunk.length;
    this.#chunk = chunk;
    this.#pos = 0;
  }

  /**
   * Returns the next complete message, or `undefined` when more bytes are needed.
   *
   * @returns The message, or `undefined`.
   * @throws {EventStreamError} On any corruption.
   */
  next(): EventStreamMessage | undefined {
    if (this.#failed) throw this.#failed;
    try {
      return this.#next();
    } catch (e) {
      if (e instanceof EventStreamError) {
        this.#failed = e;
        this.#pos = this.#chunk.length;
      }
      throw e;
    }
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
    if (this.#failed) throw this.#failed;
    const pending = this.pendingBytes;
    if (pending === 0) return;
    const offset = this.#frame || this.#preludeFill ? this.#frameOffset : this.#base + this.#pos;
    const known = this.#frame ? ` of ${this.#frame.length}` : "";
    this.#failed = new EventStreamError(
      "truncated-stream",
      offset,
      `Cannot finish stream: it ended inside a frame (${pending}${known} bytes received)`,
    );
    throw this.#failed;
  }

  #next(): EventStreamMessage | undefined {
    const chunk = this.#chunk;
    let pos = this.#pos;
    if (this.#frame === undefined && this.#preludeFill === 0) {
      const avail = chunk.length - pos;
      if (avail === 0) return undefined;
      const offset = this.#base + pos;
      if (avail >= 12) {
        const total = this.#checkPrelude(chunk, pos, offset);
        if (avail >= total) {
          this.#pos = pos + total;
          return this.#decodeFrame(chunk, pos, total, offset);
        }
        this.#frame = this.#alloc(total);
        copy(this.#frame, 0, chunk, pos, chunk.length);
        this.#frameFill = avail;
        this.#frameOffset = offset;
        this.#pos = chunk.length;
        return undefined;
      }
      copy(this.#prelude, 0, chunk, pos, chunk.length);
      this.#preludeFill = avail;
      this.#frameOffset = offset;
      this.#pos = chunk.length;
      return undefined;
    }
    if (this.#frame === undefined) {
      const take = Math.min(12 - this.#preludeFill, chunk.length - pos);
      copy(this.#prelude, this.#preludeFill, chunk, pos, pos + take);
      this.#preludeFill += take;
      pos += take;
      this.#pos = pos;
      if (this.#preludeFill < 12) return undefined;
      const total = this.#checkPrelude(this.#prelude, 0, this.#frameOffset);
      this.#frame = this.#alloc(total);
      copy(this.#frame, 0, this.#prelude, 0, 12);
      this.#frameFill = 12;
      this.#preludeFill = 0;
    }
    const frame = this.#frame;
    const take = Math.min(frame.length - this.#frameFill, chunk.length - pos);
    copy(frame, this.#frameFill, chunk, pos, pos + take);
    this.#frameFill += take;
    this.#pos = pos + take;
    if (this.#frameFill < frame.length) return undefined;
    this.#frame = undefined;
    this.#frameFill = 0;
    return this.#decodeFrame(frame, 0, frame.length, this.#frameOffset);
  }

  /**
   * A buffer of exactly `total` bytes for a frame split across chunks: small frames are carved
   * from a slab (never reused, so earlier views stay valid), large ones get their own buffer.
   */
  #alloc(total: number): Uint8Array {
    if (total > SLAB_FRAME_MAX) return new Uint8Array(total);
    if (this.#slabUsed + total > this.#slab.length) {
      this.#slab = new Uint8Array(SLAB_SIZE);
      this.#slabUsed = 0;
    }
    const frame = this.#slab.subarray(this.#slabUsed, this.#slabUsed + total);
    this.#slabUsed += total;
    return frame;
  }

  /** Checks the prelude CRC and the length bounds; returns the total length. */
  #checkPrelude(b: Uint8Array, at: number, offset: number): number {
    const total = u32(b, at);
    if (crc32(0, b, at, at + 8) !== u32(b, at + 8)) {
      throw new EventStreamError(
        "prelude-crc",
        offset,
        `Prelude checksum mismatch: cannot trust the frame's lengths (expected ${
          u32(b, at + 8).toString(16)
        }, computed ${crc32(0, b, at, at + 8).toString(16)})`,
      );
    }
    if (total < MIN_MESSAGE_LENGTH) {
      throw new EventStreamError(
        "length-too-small",
        offset,
        `Cannot decode frame: total length ${total} is below the 16-byte minimum`,
      );
    }
    if (total > this.#max) {
      throw new EventStreamError(
        "length-too-large",
        offset,
        `Cannot decode frame: total length ${total} exceeds maxMessageLength ${this.#max}`,
      );
    }
    const headersLength = u32(b, at + 4);
    if (headersLength > total - MIN_MESSAGE_LENGTH) {
      throw new EventStreamError(
        "headers-overrun",
        offset,
        `Cannot decode frame: headers length ${headersLength} overruns the ${total}-byte frame`,
      );
    }
    return total;
  }

  #decodeFrame(b: Uint8Array, at: number, total: number, offset: number): EventStreamMessage {
    const end = at + total;
    const crc = crc32(u32(b, at + 8), b, at + 8, end - 4);
    if (crc !== u32(b, end - 4)) {
      throw new EventStreamError(
        "message-crc",
        offset,
        `Message checksum mismatch: the frame is corrupt (expected ${
          u32(b, end - 4).toString(16)
        }, computed ${crc.toString(16)})`,
      );
    }
    const headersEnd = at + 12 + u32(b, at + 4);
    this.#lastOffset = offset;
    return {
      headers: this.#blocks.read(b, at + 12, headersEnd, offset),
      body: b.subarray(headersEnd, end - 4),
    };
  }
}
