/**
 * Header-block parsing, table-driven over the ten wire types.
 *
 * @module
 */
import { EventStreamError } from "../errors.ts";
import { toHex } from "../sigv4/_sha256.ts";
import type { EventStreamHeaders, EventStreamHeaderValue } from "./types.ts";

/** The one UTF-8 decoder of the codec. */
export const utf8: TextDecoder = new TextDecoder();
/** Wire type code → type name. */
const TYPES = "boolean boolean byte short integer long binary string timestamp uuid".split(" ");
/** Wire type code → bytes of the fixed part of the value (the length prefix for binary/string). */
const SIZES = [0, 0, 1, 2, 4, 8, 2, 2, 8, 16];

function int(b: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = (v << 8) | b[at + i]!;
  return (v << (32 - 8 * size)) >> (32 - 8 * size);
}

/** Throws for a header running past the block: its name, or the block offset of its name. */
function truncated(offset: number, name: string | number): never {
  throw new EventStreamError(
    "truncated-header",
    offset,
    `Cannot decode header ${
      typeof name === "number" ? "at byte " + name : JSON.stringify(name)
    }: it runs past the header block`,
  );
}

/**
 * Parses the header block `bytes[start..end)` of the frame that starts at stream offset
 * `frameOffset` (used in errors only).
 */
export function readHeaders(
  bytes: Uint8Array,
  start: number,
  end: number,
  frameOffset: number,
): EventStreamHeaders {
  let headers: EventStreamHeaders = {};
  let at = start;
  while (at < end) {
    const nameLen = bytes[at]!;
    if (at + 2 + nameLen > end) truncated(frameOffset, at - start);
    const name = utf8.decode(bytes.subarray(at + 1, at + 1 + nameLen));
    at += 1 + nameLen;
    const type = bytes[at++]!;
    const size = SIZES[type];
    if (size === undefined) {
      throw new EventStreamError(
        "unknown-header-type",
        frameOffset,
        `Cannot decode header ${JSON.stringify(name)}: unknown value type ${type}`,
      );
    }
    if (at + size > end) truncated(frameOffset, name);
    let value: unknown = type === 0;
    if (type > 1 && type < 5) value = int(bytes, at, size);
    else if (type === 5 || type === 8) {
      const hi = int(bytes, at, 4);
      const lo = int(bytes, at + 4, 4) >>> 0;
      value = type === 5 ? (BigInt(hi) << 32n) | BigInt(lo) : new Date(hi * 4294967296 + lo);
    } else if (type === 9) {
      value = toHex(bytes.subarray(at, at + 16)).replace(
        /(.{8})(.{4})(.{4})(.{4})/,
        "$1-$2-$3-$4-",
      );
    } else if (type > 5) {
      const len = int(bytes, at, 2) & 0xffff;
      if (at + 2 + len > end) truncated(frameOffset, name);
      const v = bytes.subarray(at + 2, at + 2 + len);
      value = type === 6 ? v : utf8.decode(v);
      at += len;
    }
    at += size;
    const header = { type: TYPES[type], value } as EventStreamHeaderValue;
    // A computed key defines an own `__proto__` property where an assignment would set the prototype.
    if (name === "__proto__") headers = { ...headers, [name]: header };
    else headers[name] = header;
  }
  return headers;
}
