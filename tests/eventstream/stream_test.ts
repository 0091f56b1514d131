// The async layer: decodeEventStream() over ReadableStreams and iterables.
import assert from "node:assert/strict";
import { decodeEventStream, encodeEventStreamMessage } from "../../src/eventstream/mod.ts";
import { EventStreamError } from "../../src/errors.ts";

const frame = (i: number, size = 8) =>
  encodeEventStreamMessage({
    headers: {
      ":event-type": { type: "string", value: "chunk" },
      i: { type: "integer", value: i },
    },
    body: new Uint8Array(size).fill(i),
  });

Deno.test("decodeEventStream() pulls from its source only as fast as the consumer reads", async () => {
  let pulls = 0;
  let i = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(c) {
      pulls++;
      if (i < 100) c.enqueue(frame(i++));
      else c.close();
    },
  }, { highWaterMark: 0 });
  const it = decodeEventStream(source);
  for (let k = 1; k <= 5; k++) {
    const r = await it.next();
    assert.equal(r.done, false);
    assert.ok(pulls <= k + 1, `after ${k} messages the source was pulled ${pulls} times`);
  }
  await it.return!();
});

Deno.test("decodeEventStream() cancels a ReadableStream source when the consumer breaks", async () => {
  let cancelled: unknown = "no";
  let i = 0;
  const source = new ReadableStream<Uint8Array>({
    pull: (c) => c.enqueue(frame(i++)),
    cancel: (reason) => {
      cancelled = reason;
    },
  });
  for await (const m of decodeEventStream(source)) {
    if (m.headers.i!.value === 3) break;
  }
  assert.equal(cancelled, undefined);
});

Deno.test("decodeEventStream() returns an async-iterable source when the consumer breaks", async () => {
  let finalized = false;
  async function* gen() {
    try {
      for (let i = 0;; i++) yield frame(i);
    } finally {
      finalized = true;
    }
  }
  for await (const m of decodeEventStream(gen())) if (m.headers.i!.value === 2) break;
  assert.equal(finalized, true);
});

Deno.test("decodeEventStream() rejects a pending read and cancels the source when its signal aborts", async () => {
  let cancelled = false;
  const source = new ReadableStream<Uint8Array>({
    start: (c) => c.enqueue(frame(0)),
    cancel: () => {
      cancelled = true;
    },
  });
  const ac = new AbortController();
  const it = decodeEventStream(source, { signal: ac.signal });
  assert.equal((await it.next()).done, false);
  const pending = it.next();
  ac.abort(new Error("stop"));
  await assert.rejects(pending, /stop/);
  assert.equal(cancelled, true);
  assert.equal((await it.next()).done, true);
});

Deno.test("decodeEventStream() cancels its source on a corrupt frame and throws EventStreamError", async () => {
  let cancelled = false;
  const bad = frame(1);
  bad[bad.length - 1]! ^= 0xff;
  const source = new ReadableStream<Uint8Array>({
    start: (c) => {
      c.enqueue(frame(0));
      c.enqueue(bad);
    },
    cancel: () => {
      cancelled = true;
    },
  });
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const m of decodeEventStream(source)) seen.push(m.headers.i!.value as number);
  }, (e) => e instanceof EventStreamError && e.reason === "message-crc");
  assert.deepEqual(seen, [0]);
  assert.equal(cancelled, true);
});

Deno.test("decodeEventStream() accepts a Uint8Array, an array of chunks and an async iterable", async () => {
  const bytes = frame(7);
  async function* gen() {
    yield bytes.subarray(0, 3);
    yield bytes.subarray(3);
  }
  for (const source of [bytes, [bytes.subarray(0, 9), bytes.subarray(9)], gen()]) {
    const got: unknown[] = [];
    for await (const m of decodeEventStream(source)) got.push(m.headers.i!.value);
    assert.deepEqual(got, [7]);
  }
});

Deno.test("decodeEventStream() cancels its source on abort even when no next() is pending, and on return() before any read", async () => {
  const tracked = () => {
    const state = { cancelled: false };
    const stream = new ReadableStream<Uint8Array>({
      pull: (c) => c.enqueue(frame(1)),
      cancel: () => {
        state.cancelled = true;
      },
    });
    return { stream, state };
  };
  const a = tracked();
  const ac = new AbortController();
  const it = decodeEventStream(a.stream, { signal: ac.signal });
  assert.equal((await it.next()).done, false);
  ac.abort(new Error("gone"));
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(a.state.cancelled, true, "cancelled without a pending next()");
  await assert.rejects(it.next(), /gone/);

  const b = tracked();
  await decodeEventStream(b.stream).return!();
  assert.equal(b.state.cancelled, true, "return() before any read");

  const c = tracked();
  const pre = new AbortController();
  pre.abort(new Error("early"));
  await assert.rejects(decodeEventStream(c.stream, { signal: pre.signal }).next(), /early/);
  assert.equal(c.state.cancelled, true, "signal aborted before the first read");
});

Deno.test("decodeEventStream() resolves a pending next() as done when return() is called meanwhile", async () => {
  let cancelled = false;
  const source = new ReadableStream<Uint8Array>({
    start: (c) => c.enqueue(frame(0).subarray(0, 5)),
    cancel: () => {
      cancelled = true;
    },
  });
  const it = decodeEventStream(source);
  const pending = it.next();
  await new Promise((r) => setTimeout(r, 0));
  await it.return!();
  assert.deepEqual(await pending, { done: true, value: undefined });
  assert.equal(cancelled, true);
});
