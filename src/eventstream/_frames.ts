/**
 * The framing core shared by {@linkcode EventStreamDecoder} and the async iterators: a closure over
 * the decoder state, with no allocation per message beyond the payload view.
 *
 * @module
 */
import { EventStreamError } from "../errors.ts";
import { crc32 } from "./crc32.ts";
import { headerCache } from "./headers.ts";
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  type EventStreamHeaders,
  type EventStreamMessage,
  MIN_MESSAGE_LENGTH,
} from "./types.ts";

/** The decoder state after {@linkcode Frames.next} returned `true`. */
export interface Frames {
  /** Adds a chunk; the previous one must be fully consumed (`next()` returned `false` or threw). */
  push(chunk: Uint8Array): void;
  /** Decodes the next complete frame into `headers`/`body`/`offset`; `false` when bytes are needed. */
  next(): boolean;
  /** Declares the end of input; throws `truncated-stream` when a frame is unfinished. */
  end(): void;
  /** Bytes received but not yet decoded. */
  pending(): number;
  /** Bytes of the last chunk not yet consumed. */
  unread(): number;
  /** The frame's headers, possibly shared with earlier frames (copy before handing out). */
  headers: EventStreamHeaders;
  /** The frame's payload (a view). */
  body: Uint8Array;
  /** The frame's stream offset. */
  offset: number;
}

const EMPTY: Uint8Array = new Uint8Array(0);

/** Copies `src[from..to)` into `dst` at `at`; a plain loop beats `set(subarray())` on short runs. */
function copy(dst: Uint8Array, at: number, src: Uint8Array, from: number, to: number): void {
  if (to - from > 256) dst.set(src.subarray(from, to), at);
  else while (from < to) dst[at++] = src[from++]!;
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function fail(reason: EventStreamError["reason"], offset: number, message: string): never {
  throw new EventStreamError(reason, offset, message);
}

/** Throws for a CRC mismatch (kept out of line so the checks inline). */
function crcMismatch(prelude: boolean, want: number, crc: number, offset: number): never {
  fail(
    prelude ? "prelude-crc" : "message-crc",
    offset,
    `${prelude ? "Prelude" : "Message"} checksum mismatch: ${
      prelude ? "cannot trust the frame's lengths" : "the frame is corrupt"
    } (expected ${want.toString(16)}, computed ${crc.toString(16)})`,
  );
}

/** The message `frames` holds, with its own headers object. */
export function message(frames: Frames): EventStreamMessage {
  return { headers: { ...frames.headers }, body: frames.body };
}

/**
 * Creates the framing core: strict (both CRCs, length bounds, header bounds). Frames wholly inside
 * a chunk are decoded in place; a frame split across chunks is copied once into a buffer of its
 * exact length (frames up to 4 KiB are carved from a 64 KiB slab that is never reused).
 *
 * @param max The largest accepted message length.
 * @returns The decoder state.
 * @throws {RangeError} When `max` is not an integer from 16 to 4294967295.
 */
export function frames(max: number = DEFAULT_MAX_MESSAGE_LENGTH): Frames {
  if (!Number.isInteger(max) || max < MIN_MESSAGE_LENGTH || max > 0xffffffff) {
    throw new RangeError(
      `Cannot create decoder: maxMessageLength must be an integer from 16 to 4294967295 (got ${max})`,
    );
  }
  const readHeaders = headerCache();
  let chunk = EMPTY;
  let pos = 0;
  /** Stream offset of `chunk[0]`. */
  let base = 0;
  /** A split frame's 12-byte prelude, then its exact-size buffer. */
  let buf: Uint8Array | undefined;
  let fill = 0;
  /** Stream offset of the buffered frame. */
  let start = 0;
  let failed: unknown;
  const pre = new Uint8Array(12);
  let slab = EMPTY;
  let slabUsed = 0;

  /** Checks the prelude at `b[at]`; returns the frame's total length. */
  const prelude = (b: Uint8Array, at: number, offset: number): number => {
    const total = u32(b, at);
    const headers = u32(b, at + 4);
    const crc = crc32(0, b, at, at + 8);
    if (crc !== u32(b, at + 8)) crcMismatch(true, u32(b, at + 8), crc, offset);
    const bad = total < MIN_MESSAGE_LENGTH
      ? "length-too-small"
      : total > max
      ? "length-too-large"
      : headers > total - MIN_MESSAGE_LENGTH
      ? "headers-overrun"
      : undefined;
    if (bad) {
      fail(
        bad,
        offset,
        `Cannot decode frame: ${
          bad === "headers-overrun"
            ? `headers length ${headers} overruns the ${total}-byte frame`
            : `total length ${total} ${
              bad === "length-too-small"
                ? "is below the 16-byte minimum"
                : `exceeds maxMessageLength ${max}`
            }`
        }`,
      );
    }
    return total;
  };

  const frame = (b: Uint8Array, at: number, total: number, offset: number): true => {
    const end = at + total - 4;
    const crc = crc32(u32(b, at + 8), b, at + 8, end);
    if (crc !== u32(b, end)) crcMismatch(false, u32(b, end), crc, offset);
    const headersEnd = at + 12 + u32(b, at + 4);
    f.headers = readHeaders(b, at + 12, headersEnd, offset);
    f.body = b.subarray(headersEnd, end);
    f.offset = offset;
    return true;
  };

  const alloc = (total: number): Uint8Array => {
    if (total > 4096) return new Uint8Array(total);
    if (slabUsed + total > slab.length) {
      slab = new Uint8Array(65536);
      slabUsed = 0;
    }
    return slab.subarray(slabUsed, slabUsed += total);
  };

  const step = (): boolean => {
    if (buf === undefined) {
      const c = chunk;
      const p = pos;
      const avail = c.length - p;
      if (avail === 0) return false;
      const offset = base + p;
      if (avail >= 12) {
        const total = prelude(c, p, offset);
        if (avail >= total) {
          pos = p + total;
          return frame(c, p, total, offset);
        }
        buf = alloc(total);
      } else buf = pre;
      start = offset;
    }
    return fillSplit();
  };

  /** Fills the buffer of a frame split across chunks; a complete prelude moves on to the frame. */
  const fillSplit = (): boolean => {
    for (;;) {
      const b = buf!;
      const take = Math.min(b.length - fill, chunk.length - pos);
      copy(b, fill, chunk, pos, pos += take);
      if ((fill += take) < b.length) return false;
      if (b !== pre) {
        buf = undefined;
        fill = 0;
        return frame(b, 0, b.length, start);
      }
      buf = alloc(prelude(b, 0, start));
      copy(buf, 0, b, 0, 12);
    }
  };

  const f: Frames = {
    headers: {},
    body: EMPTY,
    offset: 0,
    push(next) {
      base += chunk.length;
      chunk = next;
      pos = 0;
    },
    next() {
      if (failed) throw failed;
      try {
        return step();
      } catch (e) {
        failed = e;
        pos = chunk.length;
        throw e;
      }
    },
    end() {
      if (failed) throw failed;
      const n = f.pending();
      if (n) {
        failed = new EventStreamError(
          "truncated-stream",
          buf ? start : base + pos,
          `Cannot finish stream: it ended inside a frame (${n}${
            buf && buf !== pre ? ` of ${buf.length}` : ""
          } bytes received)`,
        );
        throw failed;
      }
    },
    pending: () => chunk.length - pos + fill,
    unread: () => chunk.length - pos,
  };
  return f;
}
