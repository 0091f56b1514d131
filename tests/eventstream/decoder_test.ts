// The synchronous core: strictness, offsets, views, split frames, header caching; the encoder's checks.
import assert from "node:assert/strict";
import {
  crc32,
  encodeEventStreamMessage,
  EventStreamDecoder,
  type EventStreamMessage,
} from "../../src/eventstream/mod.ts";
import { BedrockInputError, EventStreamError } from "../../src/errors.ts";
import { decodeChunks } from "./_helpers.ts";

const enc = new TextEncoder();
const frame = (i: number, size = 8) =>
  encodeEventStreamMessage({
    headers: {
      ":event-type": { type: "string", value: "chunk" },
      i: { type: "integer", value: i },
    },
    body: new Uint8Array(size).fill(i),
  });

/** A frame with valid CRCs built from raw total/headers lengths and a header block. */
function rawFrame(total: number, headersLength: number, rest: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.max(total, 12));
  const v = new DataView(out.buffer);
  v.setUint32(0, total);
  v.setUint32(4, headersLength);
  v.setUint32(8, crc32(0, out, 0, 8));
  out.set(rest.subarray(0, Math.max(0, out.length - 16)), 12);
  if (out.length >= 16) v.setUint32(out.length - 4, crc32(0, out, 0, out.length - 4));
  return out;
}

function rejects(
  bytes: Uint8Array[],
  reason: string,
  offset: number,
  options?: { maxMessageLength: number },
) {
  assert.throws(() => decodeChunks(bytes, options?.maxMessageLength), (e: unknown) => {
    assert.ok(e instanceof EventStreamError, String(e));
    assert.equal(e.reason, reason);
    assert.equal(e.offset, offset);
    return true;
  });
}

Deno.test("EventStreamDecoder rejects a total length below 16 with length-too-small", () => {
  rejects([rawFrame(15, 0, new Uint8Array(0))], "length-too-small", 0);
});

Deno.test("EventStreamDecoder rejects a length above maxMessageLength from the 12-byte prelude alone", () => {
  const prelude = new Uint8Array(12);
  new DataView(prelude.buffer).setUint32(0, 0xfffffff0);
  new DataView(prelude.buffer).setUint32(8, crc32(0, prelude, 0, 8));
  const d = new EventStreamDecoder();
  assert.throws(
    () => d.decode(prelude),
    (e) => e instanceof EventStreamError && e.reason === "length-too-large",
  );
  const small = new EventStreamDecoder({ maxMessageLength: 100 });
  assert.throws(
    () => small.decode(frame(0, 200)),
    (e) => e instanceof EventStreamError && e.reason === "length-too-large",
  );
  assert.equal(new EventStreamDecoder({ maxMessageLength: 100 }).decode(frame(0, 50)).length, 1);
});

Deno.test("EventStreamDecoder rejects headers that overrun the frame", () => {
  rejects([rawFrame(20, 5, new Uint8Array(8))], "headers-overrun", 0);
});

Deno.test("EventStreamDecoder rejects an unknown header type and a truncated header value", () => {
  rejects([rawFrame(16 + 3, 3, Uint8Array.of(1, 0x61, 10))], "unknown-header-type", 0);
  rejects([rawFrame(16 + 5, 5, Uint8Array.of(1, 0x61, 4, 0, 0))], "truncated-header", 0);
  rejects([rawFrame(16 + 6, 6, Uint8Array.of(1, 0x61, 7, 0, 9, 0x62))], "truncated-header", 0);
  rejects([rawFrame(16 + 2, 2, Uint8Array.of(5, 0x61))], "truncated-header", 0);
});

Deno.test("EventStreamDecoder reports trailing bytes at end of stream with the offset of the partial frame", () => {
  const a = frame(1);
  const b = frame(2);
  const bytes = new Uint8Array(a.length + 5);
  bytes.set(a);
  bytes.set(b.subarray(0, 5), a.length);
  rejects([bytes], "truncated-stream", a.length);
  rejects(
    [bytes.subarray(0, a.length + 3), bytes.subarray(a.length + 3)],
    "truncated-stream",
    a.length,
  );
  const c = new Uint8Array(a.length + b.length - 1);
  c.set(a);
  c.set(b.subarray(0, b.length - 1), a.length);
  rejects([c], "truncated-stream", a.length);
});

Deno.test("EventStreamDecoder reports a corrupt third frame at its stream offset and stays failed", () => {
  const frames = [frame(1), frame(2), frame(3)];
  frames[2]![20]! ^= 1;
  const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  all.set(frames[0]!);
  all.set(frames[1]!, frames[0]!.length);
  all.set(frames[2]!, frames[0]!.length + frames[1]!.length);
  const d = new EventStreamDecoder();
  d.push(all);
  assert.ok(d.next());
  assert.ok(d.next());
  assert.throws(
    () => d.next(),
    (e) => e instanceof EventStreamError && e.offset === frames[0]!.length * 2,
  );
  assert.throws(() => d.next(), EventStreamError);
  assert.throws(() => d.end(), EventStreamError);
});

Deno.test("EventStreamDecoder hands out in-place views for whole frames and copies a split frame once", () => {
  const a = frame(1, 100);
  const [m] = new EventStreamDecoder().decode(a);
  assert.equal(m!.body.buffer, a.buffer);
  for (const size of [100, 100_000]) {
    // Small split frames are carved from a slab; large ones get one buffer of their exact size.
    const f = frame(2, size);
    const d = new EventStreamDecoder();
    const got: EventStreamMessage[] = [];
    for (const p of [f.subarray(0, 5), f.subarray(5, 40), f.subarray(40, 3000), f.subarray(3000)]) {
      got.push(...d.decode(p.slice()));
    }
    d.end();
    assert.equal(got.length, 1);
    assert.deepEqual(got[0]!.body, f.subarray(f.length - 4 - size, f.length - 4));
    if (size > 4096) assert.equal(got[0]!.body.buffer.byteLength, f.length);
  }
  // Views handed out earlier stay intact while later split frames are assembled.
  const frames = Array.from({ length: 50 }, (_, i) => frame(i, 300));
  const all = new Uint8Array(frames.length * frames[0]!.length);
  frames.forEach((f, i) => all.set(f, i * f.length));
  const msgs = decodeChunks(
    Array.from({ length: Math.ceil(all.length / 7) }, (_, i) => all.slice(i * 7, i * 7 + 7)),
  );
  msgs.forEach((m, i) => assert.ok(m.body.every((b) => b === i), `message ${i}`));
});

Deno.test("EventStreamDecoder decodes a __proto__ header as an own property", () => {
  const f = encodeEventStreamMessage({
    headers: JSON.parse('{"__proto__":{"type":"string","value":"x"}}'),
  });
  const [m] = decodeChunks([f]);
  assert.ok(Object.hasOwn(m!.headers, "__proto__"));
  assert.equal(Object.getPrototypeOf(m!.headers), Object.prototype);
});

Deno.test("encodeEventStreamMessage() rejects out-of-range header values naming the header", () => {
  const bad: [string, unknown][] = [
    ["byte", 128],
    ["short", -32769],
    ["integer", 2 ** 31],
    ["long", 2n ** 63n],
    ["uuid", "not-a-uuid"],
    ["timestamp", new Date(NaN)],
    ["string", "x".repeat(65536)],
    ["binary", new Uint8Array(65536)],
    ["boolean", 1],
    ["nope", 1],
  ];
  for (const [type, value] of bad) {
    assert.throws(
      () => encodeEventStreamMessage({ headers: { myHeader: { type, value } as never } }),
      (e) => e instanceof BedrockInputError && e.message.includes("myHeader"),
      type,
    );
  }
  assert.throws(
    () =>
      encodeEventStreamMessage({
        headers: { ["n".repeat(256)]: { type: "boolean", value: true } },
      }),
    BedrockInputError,
  );
  assert.equal(encodeEventStreamMessage({ body: enc.encode("x") }).length, 17);
});

Deno.test("EventStreamDecoder gives each message its own headers object when header blocks repeat", () => {
  const blocks = Array.from({ length: 12 }, (_, i) =>
    encodeEventStreamMessage({
      headers: {
        ":event-type": { type: "string", value: `type${i % 10}` },
        n: { type: "long", value: BigInt(i % 10) },
      },
    }));
  const frames = [...blocks, ...blocks, ...blocks];
  const msgs = decodeChunks(frames);
  assert.equal(msgs.length, 36);
  msgs.forEach((m, k) => {
    assert.equal(m.headers[":event-type"]!.value, `type${(k % 12) % 10}`);
    assert.equal(m.headers.n!.value, BigInt((k % 12) % 10));
  });
  assert.notEqual(msgs[0]!.headers, msgs[12]!.headers);
  msgs[0]!.headers.extra = { type: "boolean", value: true };
  assert.equal(msgs[12]!.headers.extra, undefined);
  assert.ok(Object.isFrozen(msgs[12]!.headers[":event-type"]));
  // Blocks with mutable values (binary, timestamp) are never shared.
  const withBinary = encodeEventStreamMessage({
    headers: { b: { type: "binary", value: Uint8Array.of(1) } },
  });
  const [x, y] = decodeChunks([withBinary, withBinary]);
  assert.notEqual(x!.headers.b, y!.headers.b);
  assert.ok(!Object.isFrozen(x!.headers.b));
});
