// One million messages from a lazy source decode in flat memory.
import assert from "node:assert/strict";
import { decodeEventStream, encodeEventStreamMessage } from "../../src/eventstream/mod.ts";

Deno.test("decodeEventStream() decodes a lazily generated 1,000,000-message stream with flat memory", async () => {
  const template = encodeEventStreamMessage({
    headers: {
      ":event-type": { type: "string", value: "contentBlockDelta" },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: new TextEncoder().encode(
      '{"contentBlockIndex":0,"delta":{"text":"hello world"},"p":"abcdefgh"}',
    ),
  });
  const TOTAL = 1_000_000;
  const PER_CHUNK = 37; // chunks of 37 frames cut at an odd size so frames straddle chunks
  async function* source() {
    const block = new Uint8Array(template.length * PER_CHUNK);
    for (let i = 0; i < PER_CHUNK; i++) block.set(template, i * template.length);
    let sent = 0;
    const frames = TOTAL * template.length;
    while (sent < frames) {
      const n = Math.min(block.length - 5, frames - sent);
      // A fresh chunk each time, as a network source would give, starting mid-frame.
      const chunk = new Uint8Array(n);
      const phase = sent % template.length;
      for (let at = 0; at < n;) {
        const off = (phase + at) % template.length;
        const take = Math.min(template.length - off, n - at);
        chunk.set(template.subarray(off, off + take), at);
        at += take;
      }
      sent += n;
      yield chunk;
    }
  }
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const start = Deno.memoryUsage();
  let peakRss = start.rss;
  let peakHeap = start.heapUsed;
  let count = 0;
  let bytes = 0;
  const t0 = performance.now();
  for await (const msg of decodeEventStream(source())) {
    count++;
    bytes += msg.body.length;
    if ((count & 0x3fff) === 0) {
      const m = Deno.memoryUsage();
      if (m.rss > peakRss) peakRss = m.rss;
      if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
    }
  }
  const ms = performance.now() - t0;
  assert.equal(count, TOTAL);
  const mib = (n: number) => (n / 1048576).toFixed(1);
  console.log(
    `1M messages (${mib(TOTAL * template.length)} MiB) in ${ms.toFixed(0)} ms; rss ${
      mib(start.rss)
    } → peak ${mib(peakRss)} MiB; heapUsed ${mib(start.heapUsed)} → peak ${mib(peakHeap)} MiB`,
  );
  // The stream is ~160 MiB; holding it (or its messages) would blow far past these bounds.
  assert.ok(peakHeap - start.heapUsed < 64 * 1048576, "heap grew by more than 64 MiB");
  assert.ok(peakRss - start.rss < 128 * 1048576, "rss grew by more than 128 MiB");
  assert.ok(bytes > 0);
});
