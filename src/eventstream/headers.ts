/**
 * Header-block parsing: names and short ASCII strings are interned without a TextDecoder call.
 *
 * @module
 */
import { EventStreamError } from "../errors.ts";
import type { EventStreamHeaders, EventStreamHeaderValue } from "./types.ts";

const utf8 = new TextDecoder();
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Interned ASCII strings by length: up to 8 per length, 48 bytes long at most. */
const INTERN_MAX = 48;
const internBytes: Uint8Array[][] = Array.from({ length: INTERN_MAX + 1 }, () => []);
const internStrings: string[][] = Array.from({ length: INTERN_MAX + 1 }, () => []);

const SEED = [
  ":event-type",
  ":message-type",
  ":content-type",
  ":exception-type",
  ":error-code",
  ":error-message",
  "event",
  "exception",
  "error",
  "application/json",
  "chunk",
  "messageStart",
  "contentBlockStart",
  "contentBlockDelta",
  "contentBlockStop",
  "messageStop",
  "metadata",
];
for (const s of SEED) {
  internBytes[s.length]!.push(Uint8Array.from(s, (ch) => ch.charCodeAt(0)));
  internStrings[s.length]!.push(s);
}

/** Decodes `bytes[start..start+len)` as UTF-8, interning short ASCII strings. */
export function readString(bytes: Uint8Array, start: number, len: number): string {
  if (len > INTERN_MAX) return utf8.decode(bytes.subarray(start, start + len));
  const cands = internBytes[len]!;
  for (let c = 0; c < cands.length; c++) {
    const cand = cands[c]!;
    let i = 0;
    while (i < len && cand[i] === bytes[start + i]) i++;
    if (i === len) return internStrings[len]![c]!;
  }
  let ascii = true;
  let s = "";
  for (let i = 0; i < len; i++) {
    const b = bytes[start + i]!;
    if (b > 0x7f) {
      ascii = false;
      break;
    }
    s += String.fromCharCode(b);
  }
  if (!ascii) return utf8.decode(bytes.subarray(start, start + len));
  if (cands.length < 8) {
    cands.push(bytes.slice(start, start + len));
    internStrings[len]!.push(s);
  }
  return s;
}

function u16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function i32(b: Uint8Array, at: number): number {
  return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
}

function uuid(b: Uint8Array, at: number): string {
  let s = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
    s += HEX[b[at + i]!]!;
  }
  return s;
}

function truncated(frameOffset: number, name: string): EventStreamError {
  return new EventStreamError(
    "truncated-header",
    frameOffset,
    `Cannot decode header ${JSON.stringify(name)}: its value runs past the header block`,
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
  const headers: EventStreamHeaders = {};
  let at = start;
  while (at < end) {
    const nameLen = bytes[at]!;
    if (at + 2 + nameLen > end) {
      throw new EventStreamError(
        "truncated-header",
        frameOffset,
        `Cannot decode header at byte ${
          at - start
        } of the header block: name or type runs past its end`,
      );
    }
    const name = readString(bytes, at + 1, nameLen);
    at += 1 + nameLen;
    const type = bytes[at++]!;
    let value: EventStreamHeaderValue;
    switch (type) {
      case 0:
        value = { type: "boolean", value: true };
        break;
      case 1:
        value = { type: "boolean", value: false };
        break;
      case 2:
        if (at + 1 > end) throw truncated(frameOffset, name);
        value = { type: "byte", value: (bytes[at]! << 24) >> 24 };
        at += 1;
        break;
      case 3:
        if (at + 2 > end) throw truncated(frameOffset, name);
        value = { type: "short", value: (u16(bytes, at) << 16) >> 16 };
        at += 2;
        break;
      case 4:
        if (at + 4 > end) throw truncated(frameOffset, name);
        value = { type: "integer", value: i32(bytes, at) };
        at += 4;
        break;
      case 5:
        if (at + 8 > end) throw truncated(frameOffset, name);
        value = {
          type: "long",
          value: (BigInt(i32(bytes, at)) << 32n) | BigInt(i32(bytes, at + 4) >>> 0),
        };
        at += 8;
        break;
      case 6:
      case 7: {
        if (at + 2 > end) throw truncated(frameOffset, name);
        const len = u16(bytes, at);
        at += 2;
        if (at + len > end) throw truncated(frameOffset, name);
        value = type === 6
          ? { type: "binary", value: bytes.subarray(at, at + len) }
          : { type: "string", value: readString(bytes, at, len) };
        at += len;
        break;
      }
      case 8:
        if (at + 8 > end) throw truncated(frameOffset, name);
        value = {
          type: "timestamp",
          value: new Date(i32(bytes, at) * 4294967296 + (i32(bytes, at + 4) >>> 0)),
        };
        at += 8;
        break;
      case 9:
        if (at + 16 > end) throw truncated(frameOffset, name);
        value = { type: "uuid", value: uuid(bytes, at) };
        at += 16;
        break;
      default:
        throw new EventStreamError(
          "unknown-header-type",
          frameOffset,
          `Cannot decode header ${JSON.stringify(name)}: unknown value type ${type}`,
        );
    }
    if (name === "__proto__") {
      Object.defineProperty(headers, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else headers[name] = value;
  }
  return headers;
}

/** Header blocks longer than this are not cached. */
const BLOCK_MAX = 256;
/** How many distinct header blocks a cache keeps. */
const BLOCK_SLOTS = 8;

/**
 * A per-decoder cache of recent header blocks. Event streams repeat the same few blocks (one per
 * event type), so a hit costs one byte comparison and one shallow object copy instead of a parse.
 * Only blocks whose values are immutable (no `binary`, no `timestamp`) are cached; their value
 * objects are frozen and shared between the messages that carry the block.
 */
export class HeaderBlockCache {
  #bytes: Uint8Array[] = [];
  #headers: EventStreamHeaders[] = [];
  #next = 0;

  /** Parses the header block `bytes[start..end)`, from the cache when it was seen recently. */
  read(bytes: Uint8Array, start: number, end: number, frameOffset: number): EventStreamHeaders {
    const len = end - start;
    if (len === 0) return {};
    if (len > BLOCK_MAX) return readHeaders(bytes, start, end, frameOffset);
    const cached = this.#bytes;
    for (let c = 0; c < cached.length; c++) {
      const cand = cached[c]!;
      if (cand.length !== len) continue;
      let i = 0;
      while (i < len && cand[i] === bytes[start + i]) i++;
      if (i === len) return { ...this.#headers[c]! };
    }
    const headers = readHeaders(bytes, start, end, frameOffset);
    for (const name in headers) {
      const t = headers[name]!.type;
      if (t === "binary" || t === "timestamp") return headers;
    }
    for (const name in headers) Object.freeze(headers[name]);
    const slot = this.#next;
    this.#next = (slot + 1) % BLOCK_SLOTS;
    this.#bytes[slot] = bytes.slice(start, end);
    this.#headers[slot] = headers;
    return { ...headers };
  }
}
