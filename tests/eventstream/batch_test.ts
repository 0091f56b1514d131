// decodeBedrockEvents parses the events of one chunk with one JSON.parse: these cases pin that the
// batch is invisible — order, errors after the events before them, exact offsets, no misalignment.
import assert from "node:assert/strict";
import {
  decodeBedrockEvents,
  encodeEventStreamMessage,
  EventStreamDecoder,
  parseBedrockPayload,
  readBedrockMessage,
} from "../../src/eventstream/mod.ts";
import { rng } from "./_helpers.ts";
import { EventStreamError, ThrottlingException } from "../../src/errors.ts";

const enc = new TextEncoder();
function frame(kind: "event" | "exception", type: string, body: string): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ":message-type": { type: "string", value: kind },
      [kind === "event" ? ":event-type" : ":exception-type"]: { type: "string", value: type },
      ":content-type": { type: "string", value: "application/json" },
    },
    body: enc.encode(body),
  });
}
function oneChunk(...frames: Uint8Array[]): Uint8Array[] {
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let o = 0;
  for (const f of frames) {
    out.set(f, o);
    o += f.length;
  }
  return [out];
}
async function collect(source: Uint8Array[], options = {}) {
  const events: unknown[] = [];
  let error: unknown;
  try {
    for await (const e of decodeBedrockEvents(source, options)) events.push(e);
  } catch (e) {
    error = e;
  }
  return { events, error };
}

Deno.test("decodeBedrockEvents() hands out a chunk's events in order, padding dropped, strings with brackets intact", async () => {
  const tricky = 'he said \\"}]\\" and {[ ok';
  const { events, error } = await collect(oneChunk(
    frame("event", "messageStart", '{"role":"assistant","p":"abcdefgh"}'),
    frame(
      "event",
      "contentBlockDelta",
      `{"contentBlockIndex":0,"delta":{"text":"${tricky}"},"p":"xy"}`,
    ),
    frame("event", "contentBlockDelta", '{"contentBlockIndex":0,"delta":{"text":"[]{}"}}'),
    frame("event", "messageStop", '{"stopReason":"end_turn","p":"q"}'),
  ));
  assert.equal(error, undefined);
  assert.deepEqual(events, [
    { messageStart: { role: "assistant" } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'he said "}]" and {[ ok' } } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "[]{}" } } },
    { messageStop: { stopReason: "end_turn" } },
  ]);
});

Deno.test("decodeBedrockEvents() hands out the events before an exception frame of the same chunk, then throws it", async () => {
  const { events, error } = await collect(oneChunk(
    frame("event", "messageStart", '{"role":"assistant"}'),
    frame("event", "contentBlockDelta", '{"contentBlockIndex":0,"delta":{"text":"Hi"}}'),
    frame("exception", "throttlingException", '{"message":"slow down"}'),
    frame("event", "messageStop", '{"stopReason":"end_turn"}'),
  ));
  assert.equal(events.length, 2);
  assert.ok(error instanceof ThrottlingException);
  assert.equal(error.message, "slow down");
});

Deno.test("decodeBedrockEvents() reports a non-JSON payload at its own frame's offset after the events before it", async () => {
  const a = frame("event", "messageStart", '{"role":"assistant"}');
  const b = frame("event", "contentBlockDelta", '{"contentBlockIndex":0,"delta":{"text":"ok"}}');
  const bad = frame("event", "contentBlockDelta", '{"contentBlockIndex":0,"delta":');
  const { events, error } = await collect(oneChunk(a, b, bad, a));
  assert.equal(events.length, 2);
  assert.ok(error instanceof EventStreamError);
  assert.equal(error.reason, "invalid-message");
  assert.equal(error.offset, a.length + b.length);
});

Deno.test("decodeBedrockEvents() rejects payloads that are not one JSON value even when they pair up in a batch", async () => {
  // Each payload alone is invalid; joined with a comma they would parse as two objects.
  const p1 = frame("event", "contentBlockDelta", '{"a":[{}');
  const p2 = frame("event", "contentBlockDelta", "{}]},{}");
  const { events, error } = await collect(oneChunk(p1, p2));
  assert.equal(events.length, 0);
  assert.ok(error instanceof EventStreamError);
  assert.equal(error.offset, 0);
  const arrays = await collect(oneChunk(frame("event", "chunk", "[1,2]")));
  assert.ok(arrays.error instanceof EventStreamError, "an array payload is not an event object");
});

Deno.test("decodeBedrockEvents() keeps unknown events as $unknown inside a batch", async () => {
  const { events } = await collect(
    oneChunk(
      frame("event", "messageStart", '{"role":"assistant"}'),
      frame("event", "futureEvent", '{"x":1,"p":"pad"}'),
    ),
    { knownEvents: new Set(["messageStart"]), unknown: "keep" },
  );
  assert.deepEqual(events, [{ messageStart: { role: "assistant" } }, {
    $unknown: ["futureEvent", { x: 1 }],
  }]);
});

/** The per-event reference: each frame's payload parsed alone, the first failure thrown. */
function reference(source: Uint8Array[]) {
  const events: unknown[] = [];
  let error: unknown;
  const d = new EventStreamDecoder();
  try {
    for (const chunk of source) {
      d.push(chunk);
      for (let msg = d.next(); msg !== undefined; msg = d.next()) {
        const at = d.messageOffset;
        const { eventType, payload } = readBedrockMessage(msg, {}, at);
        events.push({ [eventType]: parseBedrockPayload(payload, at) });
      }
    }
  } catch (e) {
    error = e;
  }
  return { events, error };
}

/**
 * Checks that decodeBedrockEvents gives the per-event reference's events and error (message and
 * offset); returns the number of events when neither fails.
 */
async function sameAsReference(chunks: Uint8Array[], n: number): Promise<number> {
  const got = await collect(chunks);
  const want = reference(chunks);
  assert.deepEqual(got.events, want.events, `case ${n}`);
  assert.equal(got.error === undefined, want.error === undefined, `case ${n}: ${got.error}`);
  if (!want.error) return got.events.length;
  const [g, w] = [got.error as EventStreamError, want.error as EventStreamError];
  assert.equal(g.message, w.message, `case ${n}`);
  assert.equal(g.offset, w.offset, `case ${n}`);
  return 0;
}

/** Random JSON text with strings full of quotes, backslashes, brackets and non-ASCII text. */
function randomJson(r: () => number, depth = 0): string {
  const str = () => {
    const parts = [
      '\\"',
      "\\\\",
      "{",
      "}",
      "[",
      "]",
      "a",
      "bcdefgh",
      "ü",
      "😀",
      "\\n",
      "\\u0022",
      ",",
      ":",
    ];
    let s = "";
    const n = Math.floor(r() * 12);
    for (let i = 0; i < n; i++) s += parts[Math.floor(r() * parts.length)];
    return `"${s}"`;
  };
  const k = r();
  if (depth > 2 || k < 0.4) return k < 0.2 ? str() : String(Math.floor(r() * 1000));
  if (k < 0.55) {
    return `[${
      Array.from({ length: Math.floor(r() * 3) }, () => randomJson(r, depth + 1)).join(",")
    }]`;
  }
  const members = Array.from(
    { length: Math.floor(r() * 4) },
    () => `${str()}:${randomJson(r, depth + 1)}`,
  );
  return `{${members.join(",")}}`;
}

/** A payload: usually one object (sometimes padded), else a fragment, two values or an array. */
function randomPayload(r: () => number): string {
  let p = randomJson(r, 1);
  if (!p.startsWith("{")) p = `{"v":${p}}`;
  const k = r();
  if (k < 0.3) {
    return p.slice(0, -1) +
      `${p.length > 2 ? "," : ""}"p":"${"abcdefgh".slice(0, 1 + Math.floor(r() * 8))}"}`;
  }
  if (k < 0.36) return p.slice(0, Math.floor(r() * p.length));
  if (k < 0.42) return p.slice(Math.floor(r() * p.length));
  if (k < 0.46) return `${p},${randomPayload(r)}`;
  if (k < 0.49) return `[${p}]`;
  if (k < 0.52) return ` ${p}\n`;
  return p;
}

Deno.test("decodeBedrockEvents() equals a per-event parse on 3,000 random batches (tricky strings, fragments, pairs)", async () => {
  const r = rng(0xba7c4);
  for (let n = 0; n < 3000; n++) {
    const count = 1 + Math.floor(r() * 6);
    const frames = Array.from({ length: count }, () => {
      // Fragments that pair up across neighbours: an open bracket here, its close in the next.
      const text = r() < 0.05 ? (r() < 0.5 ? '{"a":[{"b":"]"}' : '{"c":"["}]}') : randomPayload(r);
      return frame("event", r() < 0.5 ? "contentBlockDelta" : "chunk", text);
    });
    const chunks = r() < 0.5 ? oneChunk(...frames) : frames;
    await sameAsReference(chunks, n);
  }
});

/** A frame around raw payload bytes (possibly invalid UTF-8). */
function rawFrame(type: string, body: Uint8Array): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ":message-type": { type: "string", value: "event" },
      ":event-type": { type: "string", value: type },
    },
    body,
  });
}

/** String contents for the hot shapes: plain, escaped, non-ASCII, raw controls, invalid UTF-8. */
const PIECES: (string | number[])[] = [
  "Hello",
  " world, this is a longer plain run of ASCII text",
  '\\"',
  "\\\\",
  "\\/",
  "\\b\\f\\n\\r\\t",
  "\\u0041",
  "\\x",
  "\\",
  "日本語",
  "😀",
  "é",
  "\ufffd", // the replacement character itself (valid UTF-8)
  "\t",
  "\u007f",
  '"',
  "}",
  [0xc3], // a lead byte without its continuation
  [0xa9], // a lone continuation byte
  [0xc0, 0x80], // overlong
  [0xed, 0xa0, 0x80], // a surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf0, 0x9f, 0x98],
  [0xe6, 0x97], // the start of 日 ...
  [0xa5], // ... and its end: split over two events, they must not join
];

/** A payload of one of the hot shapes, often mutated so that it must leave the fast path. */
function hotPayload(r: () => number): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const bytes: number[] = [];
  const put = (x: string | number[]) => {
    if (typeof x === "string") bytes.push(...enc.encode(x));
    else bytes.push(...x);
  };
  const n = pick(["0", "1", "7", "42", "123456789", "1234567890", "01", "-1", "1.5", "1e2", ""]);
  const shape = pick([0, 0, 0, 1, 2, 3, 3]);
  put(
    shape === 3
      ? '{"bytes":"'
      : `{"contentBlockIndex":${n},"delta":{"${
        ["text", 'toolUse":{"input', 'reasoningContent":{"text'][shape]
      }":"`,
  );
  const count = Math.floor(r() * 5);
  for (let i = 0; i < count; i++) put(r() < 0.7 ? pick(PIECES.slice(0, 2)) : pick(PIECES));
  put(shape === 3 ? '"}' : shape === 0 ? '"}}' : '"}}}');
  if (r() < 0.5) {
    bytes.pop();
    put(`,"p":"${"abcdefghij".slice(0, Math.floor(r() * 10))}"}`);
  }
  const k = r();
  if (k < 0.05) bytes.splice(Math.floor(r() * bytes.length), 1);
  else if (k < 0.1) bytes.splice(Math.floor(r() * bytes.length), 0, 0x20);
  else if (k < 0.15) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
  return Uint8Array.from(bytes);
}

Deno.test("decodeBedrockEvents() hot-shape fast path equals a per-event parse on 4,000 random batches (escapes, invalid UTF-8, mutations)", async () => {
  const r = rng(0x4f57);
  let fast = 0;
  for (let n = 0; n < 4000; n++) {
    const count = 1 + Math.floor(r() * 8);
    const frames = Array.from({ length: count }, () => {
      const body = r() < 0.85 ? hotPayload(r) : enc.encode(randomPayload(r));
      return rawFrame(r() < 0.5 ? "contentBlockDelta" : "chunk", body);
    });
    const chunks = r() < 0.7 ? oneChunk(...frames) : frames;
    fast += await sameAsReference(chunks, n);
  }
  assert.ok(fast > 3000, `${fast} events decoded without error`);
});
