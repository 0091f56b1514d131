// Shared helpers for the event-stream tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SPEC_DIR } from "../_spec.ts";
import { EventStreamDecoder, type EventStreamMessage } from "../../src/eventstream/mod.ts";

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** A seeded PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Decodes with the sync core, fed in the given chunks, and checks end(). */
export function decodeChunks(
  chunks: Iterable<Uint8Array>,
  maxMessageLength?: number,
): EventStreamMessage[] {
  const d = new EventStreamDecoder(maxMessageLength === undefined ? {} : { maxMessageLength });
  const out: EventStreamMessage[] = [];
  for (const c of chunks) for (const m of d.decode(c)) out.push(m);
  d.end();
  return out;
}

/** Splits bytes into chunks of a fixed size. */
export function* chunked(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export interface Vector {
  name: string;
  encoded_hex: string;
  expected_error?: string;
  decoded: {
    headers: {
      name: string;
      type: number;
      type_name: string;
      value?: unknown;
      value_base64?: string;
      value_uuid?: string;
    }[];
    payload_base64: string;
    total_length: number;
    headers_length: number;
    prelude_crc: number;
    message_crc: number;
  };
}

export const VECTORS: { positive: Vector[]; negative: Vector[] } = JSON.parse(
  readFileSync(join(SPEC_DIR, "eventstream", "vectors.json"), "utf8"),
);
