/**
 * The framing core shared by {@linkcode EventStreamDecoder} and the async iterators: a closure over
 * the decoder state, with no allocation per message.
 *
 * @module
 */
import { EventStreamError } from "../errors.ts";
import { crcView } from "./crc32.ts";
import { readHeaders } from "./headers.ts";
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
  /** Decodes the next complete frame into `headers`/`bytes`/`start`/`stop`; `false` when bytes are needed. */
  next(): boolean;
  /** Declares the end of input; throws `truncated-stream` when a frame is unfinished. */
  end(): void;
  /** Bytes received but not yet decoded. */
  pending(): number;
  /** Bytes of the last chunk not yet consumed. */
  unread(): number;
  /** The frame's headers, possibly shared with earlier frames (copy before handing out). */
  headers: EventStreamHeaders;
  /** The frame's payload: a new view of `bytes[start..stop)` on each read. */
  readonly body: Uint8Array;
  /** The buffer holding the frame's payload (the chunk, or the copy of a split frame). */
  bytes: Uint8Array;
  /** A view of `bytes` (same indices). */
  view: DataView;
  /** Where the payload starts in `bytes`. */
  start: number;
  /** Where the payload ends in `bytes`. */
  stop: number;
  /** The frame's stream offset. */
  offset: number;
}

const EMPTY: Uint8Array = new Uint8Array(0);

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Whether `v[at..at+len)` equals the whole of `block`. */
function same(block: DataView, v: DataView, at: number, len: number): boolean {
  let i = 0;
  for (; i <= len - 4; i += 4) if (block.getInt32(i) !== v.getInt32(at + i)) return false;
  for (; i < len; i++) if (block.getUint8(i) !== v.getUint8(at + i)) return false;
  return true;
}

function fail(reason: EventStreamError["reason"], offset: number, message: string): never {
  throw new EventStreamError(reason, offset, message);
}

/** Throws for a CRC mismatch (kept out of line so the checks inline). */
function crcMismatch(prelude: boolean, want: number, crc: number, offset: number): never {
  fail(
    prelude ? "prelude-crc" : "message-crc",
    offset,
    `${prelude ? "Prelude" : "Message"} checksum mismatch (expected ${
      want.toString(16)
    }, computed ${crc.toString(16)})`,
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
 * Event streams repeat the same few header blocks (one per event type), so the last eight blocks
 * of at most 256 bytes whose values are immutable (no `binary`, no `timestamp`) are kept: a frame
 * whose block is byte-for-byte one of them reuses its parsed headers (shared, with frozen values).
 *
 * @param max The largest accepted message length.
 * @returns The decoder state.
 * @throws {RangeError} When `max` is not an integer from 16 to 4294967295.
 */
export function frames(max: number = DEFAULT_MAX_MESSAGE_LENGTH): Frames {
  if (!Number.isInteger(max) || max < MIN_MESSAGE_LENGTH || max > 0xffffffff) {
    throw new RangeError(
      `maxMessageLength must be an integer from 16 to 4294967295 (got ${max})`,
    );
  }
  let chunk = EMPTY;
  let chunkView = view(EMPTY);
  let pos = 0;
  /** Stream offset of `chunk[0]`. */
  let base = 0;
  /** The length of the frame being buffered across chunks (12 while only its prelude is); 0: none. */
  let need = 0;
  /** Where it is buffered from `into[at]`: `pre`, then `split[splitAt..]` (a slab part or its own). */
  let into = EMPTY;
  let at = 0;
  let split = EMPTY;
  let splitView = chunkView;
  let splitAt = 0;
  let fill = 0;
  /** Stream offset of the buffered frame. */
  let start = 0;
  let failed: unknown;
  const pre = new Uint8Array(12);
  const preView = view(pre);
  let slab = EMPTY;
  let slabView = chunkView;
  let slabUsed = 0;
  /** The header-block cache: block bytes and parsed headers. */
  const blocks: DataView[] = [];
  const parsed: EventStreamHeaders[] = [];
  let slot = 0;
  let last = 0;

  /** Checks the prelude at `v[at]`; returns the frame's total length. */
  const prelude = (v: DataView, at: number, offset: number): number => {
    const total = v.getUint32(at);
    const headers = v.getUint32(at + 4);
    const crc = crcView(0, v, at, at + 8);
    if (crc !== v.getUint32(at + 8)) crcMismatch(true, v.getUint32(at + 8), crc, offset);
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
        `Cannot decode frame: ${bad} (total length ${total}, headers length ${headers}, maxMessageLength ${max})`,
      );
    }
    return total;
  };

  /** The headers of the block `b[from..to)`: cached ones when the bytes match, else parsed. */
  const headersOf = (b: Uint8Array, v: DataView, from: number, to: number, offset: number) => {
    const len = to - from;
    for (let i = 0, n = blocks.length; i < n; i++) {
      const k = (last + i) % n;
      if (blocks[k]!.byteLength === len && same(blocks[k]!, v, from, len)) return parsed[last = k]!;
    }
    const headers = readHeaders(b, from, to, offset);
    if (len > 256) return headers;
    for (const name in headers) {
      const t = headers[name]!.type;
      if (t === "binary" || t === "timestamp") return headers;
    }
    for (const name in headers) Object.freeze(headers[name]);
    blocks[slot] = view(b.slice(from, to));
    parsed[slot] = headers;
    slot = (slot + 1) & 7;
    return headers;
  };

  const frame = (b: Uint8Array, v: DataView, at: number, total: number, offset: number): true => {
    const end = at + total - 4;
    const crc = crcView(v.getUint32(at + 8), v, at + 8, end);
    if (crc !== v.getUint32(end)) crcMismatch(false, v.getUint32(end), crc, offset);
    const to = at + 12 + v.getUint32(at + 4);
    f.headers = headersOf(b, v, at + 12, to, offset);
    f.bytes = b;
    f.view = v;
    f.start = to;
    f.stop = end;
    f.offset = offset;
    return true;
  };

  /** Points `split`/`splitView`/`splitAt` (and `into`/`at`/`need`) at room for `total` bytes. */
  const alloc = (total: number): void => {
    if (total > 4096) {
      split = new Uint8Array(total);
      splitView = view(split);
      splitAt = 0;
    } else {
      if (slabUsed + total > slab.length) {
        slab = new Uint8Array(65536);
        slabView = view(slab);
        slabUsed = 0;
      }
      split = slab;
      splitView = slabView;
      splitAt = slabUsed;
      slabUsed += total;
    }
    into = split;
    at = splitAt;
    need = total;
  };

  const step = (): boolean => {
    if (need === 0) {
      const c = chunk;
      const p = pos;
      const avail = c.length - p;
      if (avail === 0) return false;
      const offset = base + p;
      if (avail >= 12) {
        const total = prelude(chunkView, p, offset);
        if (avail >= total) {
          pos = p + total;
          return frame(c, chunkView, p, total, offset);
        }
        alloc(total);
      } else into = pre, at = 0, need = 12;
      start = offset;
    }
    return fillSplit();
  };

  /** Fills the buffer of a frame split across chunks; a complete prelude moves on to the frame. */
  const fillSplit = (): boolean => {
    for (;;) {
      const take = Math.min(need - fill, chunk.length - pos);
      // A loop for short copies: no view of the chunk to allocate.
      if (take > 64) into.set(chunk.subarray(pos, pos + take), at + fill);
      else for (let k = 0, o = at + fill; k < take; k++) into[o + k] = chunk[pos + k]!;
      pos += take;
      if ((fill += take) < need) return false;
      if (into !== pre) {
        const total = need;
        need = fill = 0;
        return frame(split, splitView, splitAt, total, start);
      }
      alloc(prelude(preView, 0, start));
      split.set(pre, splitAt);
    }
  };

  const f: Frames = {
    headers: {},
    get body() {
      return f.bytes.subarray(f.start, f.stop);
    },
    bytes: EMPTY,
    view: chunkView,
    start: 0,
    stop: 0,
    offset: 0,
    push(next) {
      base += chunk.length;
      chunk = next;
      chunkView = view(next);
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
          need ? start : base + pos,
          `Cannot finish stream: it ended inside a frame (${n}${
            need && into !== pre ? ` of ${need}` : ""
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
