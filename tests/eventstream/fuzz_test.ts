// Seeded fuzzing: every input ends in messages or an EventStreamError, never anything else.
import assert from "node:assert/strict";
import {
  crc32,
  decodeEventStream,
  encodeEventStreamMessage,
  EventStreamDecoder,
} from "../../src/eventstream/mod.ts";
import { EventStreamError } from "../../src/errors.ts";
import { rng } from "./_helpers.ts";

const MAX = 64 * 1024;

function validStream(r: () => number): { bytes: Uint8Array; ends: number[] } {
  const frames: Uint8Array[] = [];
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const body = new Uint8Array(Math.floor(r() * 300)).map(() => (r() * 256) | 0);
    frames.push(encodeEventStreamMessage({
      headers: {
        ":event-type": { type: "string", value: "chunk" },
        n: { type: "integer", value: i },
        b: { type: "binary", value: body.subarray(0, 10) },
        t: { type: "timestamp", value: new Date(1e12) },
        u: { type: "uuid", value: "01020304-0506-0708-090a-0b0c0d0e0f10" },
        l: { type: "long", value: -5n },
        ok: { type: "boolean", value: r() < 0.5 },
      },
      body,
    }));
  }
  const bytes = new Uint8Array(frames.reduce((a, f) => a + f.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const f of frames) {
    bytes.set(f, at);
    at += f.length;
    ends.push(at);
  }
  return { bytes, ends };
}

/** Rewrites both CRCs of the frame at 0 so that corruption inside it reaches the header parser. */
function fixCrcs(frame: Uint8Array): void {
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  v.setUint32(8, crc32(0, frame, 0, 8));
  if (frame.length >= 16) v.setUint32(frame.length - 4, crc32(0, frame, 0, frame.length - 4));
}

/** Decodes in random chunks; returns the message count or the EventStreamError. */
function run(bytes: Uint8Array, r: () => number): number | EventStreamError {
  const d = new EventStreamDecoder({ maxMessageLength: MAX });
  let count = 0;
  try {
    for (let i = 0; i < bytes.length;) {
      const n = 1 + Math.floor(r() * 64);
      count += d.decode(bytes.subarray(i, i + n)).length;
      i += n;
      assert.ok(d.pendingBytes <= MAX + 64, "buffered more than maxMessageLength");
    }
    d.end();
    return count;
  } catch (e) {
    if (e instanceof EventStreamError) return e;
    throw e;
  }
}

Deno.test("EventStreamDecoder survives 100,000 fuzz cases (random bytes, bit flips, truncations, re-CRC'd header garbage)", () => {
  const r = rng(0xf022);
  const reasons: Record<string, number> = {};
  const note = (res: number | EventStreamError) => {
    const k = typeof res === "number" ? "ok" : res.reason;
    reasons[k] = (reasons[k] ?? 0) + 1;
  };
  for (let i = 0; i < 25_000; i++) {
    // Random bytes, sometimes behind a valid prelude with a random (possibly hostile) length.
    const bytes = new Uint8Array(Math.floor(r() * 200)).map(() => (r() * 256) | 0);
    if (bytes.length >= 12 && r() < 0.5) {
      const v = new DataView(bytes.buffer);
      v.setUint32(0, r() < 0.5 ? (r() * 2 ** 32) >>> 0 : (r() * 256) | 0);
      v.setUint32(4, r() < 0.5 ? (r() * 2 ** 32) >>> 0 : (r() * 64) | 0);
      v.setUint32(8, crc32(0, bytes, 0, 8));
    }
    const res = run(bytes, r);
    note(res);
    if (typeof res === "number") assert.equal(bytes.length, 0);
  }
  for (let i = 0; i < 25_000; i++) {
    // A single bit flip anywhere must be caught by one of the two CRCs.
    const { bytes } = validStream(r);
    const bit = Math.floor(r() * bytes.length * 8);
    bytes[bit >> 3]! ^= 1 << (bit & 7);
    const res = run(bytes, r);
    note(res);
    assert.ok(res instanceof EventStreamError, "bit flip not detected");
    assert.ok(res.reason === "prelude-crc" || res.reason === "message-crc", res.reason);
  }
  for (let i = 0; i < 25_000; i++) {
    // Truncation: complete frames survive, a cut frame is an error.
    const { bytes, ends } = validStream(r);
    const cut = Math.floor(r() * bytes.length);
    const res = run(bytes.subarray(0, cut), r);
    note(res);
    const whole = ends.filter((e) => e <= cut).length;
    if (cut === 0 || ends.includes(cut)) assert.equal(res, whole);
    else {
      assert.ok(res instanceof EventStreamError);
      assert.equal(res.reason, "truncated-stream");
      assert.equal(res.offset, whole === 0 ? 0 : ends[whole - 1]);
    }
  }
  for (let i = 0; i < 25_000; i++) {
    // Garbage in the header block or lengths behind valid CRCs reaches the header parser.
    const { bytes, ends } = validStream(r);
    const frame = bytes.subarray(0, ends[0]!);
    const flips = 1 + Math.floor(r() * 4);
    for (let f = 0; f < flips; f++) {
      const at = r() < 0.2
        ? 4 + Math.floor(r() * 4)
        : 12 + Math.floor(r() * Math.min(120, frame.length - 16));
      frame[at] = (r() * 256) | 0;
    }
    fixCrcs(frame);
    note(run(frame, r));
  }
  console.log("fuzz outcomes:", JSON.stringify(reasons));
  const cases = Object.values(reasons).reduce((a, b) => a + b, 0);
  assert.equal(cases, 100_000);
  for (
    const reason of [
      "prelude-crc",
      "message-crc",
      "truncated-stream",
      "headers-overrun",
      "unknown-header-type",
      "truncated-header",
      "length-too-large",
      "length-too-small",
    ]
  ) {
    assert.ok((reasons[reason] ?? 0) > 0, `no case hit ${reason}: ${JSON.stringify(reasons)}`);
  }
});

Deno.test("decodeEventStream() ends every one of 2,000 fuzzed async streams in messages or an EventStreamError", async () => {
  const r = rng(0xa5);
  for (let i = 0; i < 2000; i++) {
    const { bytes } = validStream(r);
    const mode = i % 3;
    if (mode === 0) bytes[Math.floor(r() * bytes.length)]! ^= 1 << Math.floor(r() * 8);
    const input = mode === 1 ? bytes.subarray(0, Math.floor(r() * bytes.length)) : bytes;
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < input.length;) {
      const n = 1 + Math.floor(r() * 100);
      chunks.push(input.subarray(at, at + n));
      at += n;
    }
    try {
      for await (
        const _ of decodeEventStream(ReadableStream.from(chunks), { maxMessageLength: MAX })
      ) { /* drain */ }
      assert.ok(mode === 2 || mode === 1, "corruption not detected");
    } catch (e) {
      assert.ok(e instanceof EventStreamError, String(e));
    }
  }
});
