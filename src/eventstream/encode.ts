/**
 * The event-stream message encoder.
 *
 * @module
 */
import { BedrockInputError } from "../errors.ts";
import { crcView } from "./crc32.ts";
import type { EventStreamHeaders, EventStreamHeaderValue } from "./types.ts";

const encoder = new TextEncoder();
const UUID_REGEXP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The input of {@linkcode encodeEventStreamMessage}. */
export interface EventStreamMessageInput {
  /** The headers, written in the object's key order. */
  headers?: EventStreamHeaders;
  /** The payload; empty when absent. */
  body?: Uint8Array;
}

function sizeOf(name: string, h: EventStreamHeaderValue): number | Uint8Array {
  const field = `headers[${JSON.stringify(name)}]`;
  const v = h.value as unknown;
  switch (h.type) {
    case "boolean":
      if (typeof v !== "boolean") throw new BedrockInputError(field, "must be a boolean");
      return 0;
    case "byte":
      checkInt(field, v, -128, 127);
      return 1;
    case "short":
      checkInt(field, v, -32768, 32767);
      return 2;
    case "integer":
      checkInt(field, v, -2147483648, 2147483647);
      return 4;
    case "long":
      if (typeof v !== "bigint" || BigInt.asIntN(64, v) !== v) {
        throw new BedrockInputError(field, "must be a bigint in the signed 64-bit range");
      }
      return 8;
    case "binary":
      if (!(v instanceof Uint8Array)) throw new BedrockInputError(field, "must be a Uint8Array");
      if (v.length > 0xffff) throw new BedrockInputError(field, "must be at most 65535 bytes");
      return v;
    case "string": {
      if (typeof v !== "string") throw new BedrockInputError(field, "must be a string");
      const bytes = encoder.encode(v);
      if (bytes.length > 0xffff) throw new BedrockInputError(field, "must be at most 65535 bytes");
      return bytes;
    }
    case "timestamp":
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) {
        throw new BedrockInputError(field, "must be a valid Date");
      }
      return 8;
    case "uuid":
      if (typeof v !== "string" || !UUID_REGEXP.test(v)) {
        throw new BedrockInputError(field, "must be a UUID string (8-4-4-4-12 hex digits)");
      }
      return 16;
    default:
      throw new BedrockInputError(
        `${field}.type`,
        `must be one of boolean, byte, short, integer, long, binary, string, timestamp, uuid (got ${
          JSON.stringify((h as { type: unknown }).type)
        })`,
      );
  }
}

function checkInt(field: string, v: unknown, min: number, max: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new BedrockInputError(field, `must be an integer from ${min} to ${max}`);
  }
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = v >>> 16;
  out[at + 2] = v >>> 8;
  out[at + 3] = v;
}

function writeI64(out: Uint8Array, at: number, v: bigint): void {
  const u = BigInt.asUintN(64, v);
  writeU32(out, at, Number(u >> 32n));
  writeU32(out, at + 4, Number(u & 0xffffffffn));
}

function writeValue(
  out: Uint8Array,
  at: number,
  h: EventStreamHeaderValue,
  data: number | Uint8Array,
): number {
  switch (h.type) {
    case "boolean":
      out[at] = h.value ? 0 : 1;
      return at + 1;
    case "byte":
      out[at] = 2;
      out[at + 1] = h.value;
      return at + 2;
    case "short":
      out[at] = 3;
      out[at + 1] = h.value >> 8;
      out[at + 2] = h.value;
      return at + 3;
    case "integer":
      out[at] = 4;
      writeU32(out, at + 1, h.value);
      return at + 5;
    case "long":
      out[at] = 5;
      writeI64(out, at + 1, h.value);
      return at + 9;
    case "timestamp":
      out[at] = 8;
      writeI64(out, at + 1, BigInt(h.value.getTime()));
      return at + 9;
    case "uuid": {
      out[at] = 9;
      const hex = h.value.replace(/-/g, "");
      for (let i = 0; i < 16; i++) out[at + 1 + i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
      return at + 17;
    }
    default: {
      const bytes = data as Uint8Array;
      out[at] = h.type === "binary" ? 6 : 7;
      out[at + 1] = bytes.length >> 8;
      out[at + 2] = bytes.length;
      out.set(bytes, at + 3);
      return at + 3 + bytes.length;
    }
  }
}

/**
 * Encodes one `application/vnd.amazon.eventstream` message: prelude (total length, headers
 * length, prelude CRC), headers in key order, payload, message CRC.
 *
 * @param message The headers and the payload.
 * @returns The encoded frame.
 * @throws {BedrockInputError} When a header name is longer than 255 bytes, a value is out of its
 * type's range, or the message would exceed 4 GiB.
 * @example
 * ```ts
 * import { encodeEventStreamMessage } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({
 *   headers: { ":event-type": { type: "string", value: "chunk" } },
 *   body: new TextEncoder().encode('{"bytes":""}'),
 * });
 * frame.length; // 48
 * ```
 */
export function encodeEventStreamMessage(message: EventStreamMessageInput): Uint8Array {
  const headers = message.headers ?? {};
  const body = message.body ?? new Uint8Array(0);
  if (!(body instanceof Uint8Array)) throw new BedrockInputError("body", "must be a Uint8Array");
  const names: Uint8Array[] = [];
  const values: EventStreamHeaderValue[] = [];
  const data: (number | Uint8Array)[] = [];
  let headersLength = 0;
  for (const name of Object.keys(headers)) {
    const nameBytes = encoder.encode(name);
    if (nameBytes.length === 0 || nameBytes.length > 255) {
      throw new BedrockInputError(
        `headers[${JSON.stringify(name)}]`,
        "name must be 1 to 255 bytes",
      );
    }
    const h = headers[name]!;
    const d = sizeOf(name, h);
    names.push(nameBytes);
    values.push(h);
    data.push(d);
    headersLength += 2 + nameBytes.length + (typeof d === "number" ? d : 2 + d.length);
  }
  const total = 16 + headersLength + body.length;
  if (total > 0xffffffff) throw new BedrockInputError("body", "message must be under 4 GiB");
  const out = new Uint8Array(total);
  writeU32(out, 0, total);
  writeU32(out, 4, headersLength);
  const v = new DataView(out.buffer);
  const preludeCrc = crcView(0, v, 0, 8);
  writeU32(out, 8, preludeCrc);
  let at = 12;
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    out[at] = n.length;
    out.set(n, at + 1);
    at = writeValue(out, at + 1 + n.length, values[i]!, data[i]!);
  }
  out.set(body, at);
  writeU32(out, total - 4, crcView(preludeCrc, v, 8, total - 4));
  return out;
}
