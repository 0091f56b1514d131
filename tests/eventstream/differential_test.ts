// Differential tests against @smithy/eventstream-codec: 10,000 seeded random messages.
import assert from "node:assert/strict";
import { EventStreamCodec, Int64 } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import {
  encodeEventStreamMessage,
  type EventStreamHeaders,
  type EventStreamHeaderValue,
  type EventStreamMessage,
} from "../../src/eventstream/mod.ts";
import { decodeChunks, rng, toHex } from "./_helpers.ts";

const smithy = new EventStreamCodec(toUtf8, fromUtf8);
type SmithyMessage = Parameters<typeof smithy.encode>[0];

function randomString(r: () => number, maxLen: number): string {
  const len = Math.floor(r() * (maxLen + 1));
  let s = "";
  for (let i = 0; i < len; i++) {
    const k = r();
    if (k < 0.7) s += String.fromCharCode(0x20 + Math.floor(r() * 95));
    else if (k < 0.85) s += String.fromCharCode(0xa0 + Math.floor(r() * 0x700));
    else if (k < 0.95) s += String.fromCharCode(0x3000 + Math.floor(r() * 0x5000));
    else s += String.fromCodePoint(0x1f300 + Math.floor(r() * 0x300));
  }
  return s;
}

function randomBytes(r: () => number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let word = 0;
  for (let i = 0; i < len; i++) {
    if ((i & 3) === 0) word = (r() * 4294967296) >>> 0;
    out[i] = word >>> ((i & 3) * 8);
  }
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const TYPES = [
  "boolean",
  "byte",
  "short",
  "integer",
  "long",
  "binary",
  "string",
  "timestamp",
  "uuid",
] as const;

function randomHeader(r: () => number): EventStreamHeaderValue {
  const type = TYPES[Math.floor(r() * TYPES.length)]!;
  const int = (bits: number) => Math.floor(r() * 2 ** bits) - 2 ** (bits - 1);
  switch (type) {
    case "boolean":
      return { type, value: r() < 0.5 };
    case "byte":
      return { type, value: int(8) };
    case "short":
      return { type, value: int(16) };
    case "integer":
      return { type, value: int(32) };
    case "long":
      return { type, value: BigInt.asIntN(64, (BigInt(int(32)) << 32n) | BigInt(int(32) >>> 0)) };
    case "binary":
      return { type, value: randomBytes(r, Math.floor(r() * 64)) };
    case "string":
      return { type, value: randomString(r, 40) };
    case "timestamp":
      return { type, value: new Date(Math.floor((r() * 2 - 1) * 8.64e15)) };
    case "uuid":
      return {
        type,
        value: toHex(randomBytes(r, 16)).replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-"),
      };
  }
}

function randomMessage(r: () => number): EventStreamMessage {
  const headers: EventStreamHeaders = {};
  const n = Math.floor(r() * 9);
  for (let i = 0; i < n; i++) {
    const name = r() < 0.3
      ? [":event-type", ":message-type", ":content-type"][i % 3]!
      : randomString(r, 20) || "h";
    if (new TextEncoder().encode(name).length > 255) continue;
    headers[name] = randomHeader(r);
  }
  const k = r();
  const len = k < 0.1 ? 0 : k < 0.99 ? Math.floor(r() * 2048) : Math.floor(r() * 262144);
  return { headers, body: randomBytes(r, len) };
}

function toSmithy(m: EventStreamMessage): SmithyMessage {
  const headers: Record<string, unknown> = {};
  for (const [name, h] of Object.entries(m.headers)) {
    if (h.type === "long") {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigInt64(0, h.value);
      headers[name] = { type: "long", value: new Int64(bytes) };
    } else headers[name] = h;
  }
  return { headers, body: m.body } as SmithyMessage;
}

/** A comparable form of either side's decoded message. */
function canon(
  m: { headers: Record<string, { type: string; value: unknown }>; body: Uint8Array },
): unknown {
  const headers = Object.entries(m.headers).map(([name, h]) => {
    let v = h.value;
    if (h.type === "long") {
      v = typeof v === "bigint"
        ? v.toString()
        : new DataView((v as Int64).bytes.slice().buffer).getBigInt64(0).toString();
    } else if (v instanceof Uint8Array) v = toHex(v);
    else if (v instanceof Date) v = v.getTime();
    return [name, h.type, v];
  });
  return { headers, body: m.body.length };
}

Deno.test("encodeEventStreamMessage() and @smithy/eventstream-codec agree on 10,000 random messages, both ways", () => {
  const r = rng(0xe5e5);
  const stream: Uint8Array[] = [];
  const expected: unknown[] = [];
  const bodies: Uint8Array[] = [];
  let large = 0;
  for (let i = 0; i < 10_000; i++) {
    const m = randomMessage(r);
    if (m.body.length > 65536) large++;
    const ours = encodeEventStreamMessage(m);
    const theirs = smithy.encode(toSmithy(m));
    assert.ok(sameBytes(ours, theirs), `message ${i}: encoders differ`);
    const want = canon(m);
    // Our decoder on their bytes; their decoder on our bytes.
    const mine = decodeChunks([theirs])[0]!;
    const their = smithy.decode(ours);
    assert.deepEqual(canon(mine), want, `message ${i}: our decode`);
    assert.deepEqual(canon(their as never), want, `message ${i}: smithy decode`);
    assert.ok(sameBytes(mine.body, m.body) && sameBytes(their.body, m.body), `message ${i}: body`);
    bodies.push(m.body);
    stream.push(theirs);
    expected.push(want);
  }
  assert.ok(large > 20, `only ${large} large payloads`);
  // The whole stream, re-chunked at random sizes, decodes to the same messages.
  const total = stream.reduce((n, b) => n + b.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const b of stream) {
    all.set(b, at);
    at += b.length;
  }
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length;) {
    const n = 1 + Math.floor(r() ** 3 * 100_000);
    chunks.push(all.subarray(i, i + n));
    i += n;
  }
  const msgs = decodeChunks(chunks);
  assert.equal(msgs.length, expected.length);
  for (let i = 0; i < msgs.length; i++) {
    assert.deepEqual(canon(msgs[i]!), expected[i]);
    assert.ok(sameBytes(msgs[i]!.body, bodies[i]!));
  }
});
