// decodeBedrockEvents parses the events of one chunk with one JSON.parse: these cases pin that the
// batch is invisible — order, errors after the events before them, exact offsets, no misalignment.
import assert from "node:assert/strict";
import { decodeBedrockEvents, encodeEventStreamMessage } from "../../src/eventstream/mod.ts";
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
