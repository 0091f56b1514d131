import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FIXTURES_DIR } from "../_spec.ts";
import { decodeBedrockEvents, type EventStreamMessage } from "../../src/eventstream/mod.ts";
import { chunked, decodeChunks, fromBase64 } from "./_helpers.ts";

const manifest = JSON.parse(readFileSync(join(FIXTURES_DIR, "manifest.json"), "utf8"));
const utf8 = new TextDecoder();

interface Tally {
  checksum: number;
  counts: Record<string, number>;
}

/** Applies manifest.checksumRule to one parsed event. */
function tally(file: string, eventType: string, payload: Record<string, unknown>, t: Tally): void {
  if (file === "converse-stream.bin") {
    t.counts[eventType] = (t.counts[eventType] ?? 0) + 1;
    if (eventType === "contentBlockDelta") {
      const delta = payload.delta as { text?: string; toolUse?: { input?: string } };
      t.checksum += (delta.text ?? "").length + (delta.toolUse?.input ?? "").length;
    }
    return;
  }
  const inner = JSON.parse(utf8.decode(fromBase64(payload.bytes as string)));
  t.counts[inner.type] = (t.counts[inner.type] ?? 0) + 1;
  if (inner.type === "content_block_delta") {
    t.checksum += (inner.delta.text ?? "").length + (inner.delta.partial_json ?? "").length;
  }
}

function tallyMessages(file: string, msgs: EventStreamMessage[]): Tally {
  const t: Tally = { checksum: 0, counts: {} };
  for (const m of msgs) {
    const type = m.headers[":event-type"]!.value as string;
    tally(file, type, JSON.parse(utf8.decode(m.body)), t);
  }
  return t;
}

for (const file of ["converse-stream.bin", "invoke-stream.bin"]) {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES_DIR, file)));
  const expected = manifest.files[file];

  Deno.test(`fixture ${file} matches its manifest sha256 and size`, () => {
    assert.equal(bytes.length, expected.bytes);
    assert.equal(createHash("sha256").update(bytes).digest("hex"), expected.sha256);
  });

  Deno.test(`EventStreamDecoder reproduces the ${file} checksum and counts in whole, 1-, 7-, 1024- and 65536-byte chunks`, () => {
    const whole = decodeChunks([bytes]);
    assert.equal(whole.length, expected.messages);
    const t = tallyMessages(file, whole);
    assert.equal(t.checksum, expected.checksum);
    assert.deepEqual(t.counts, expected.counts);
    for (const size of [1, 7, 1024, 65536]) {
      const msgs = decodeChunks(chunked(bytes, size));
      assert.equal(msgs.length, whole.length, `chunk ${size}`);
      for (let i = 0; i < msgs.length; i++) {
        assert.deepEqual(msgs[i]!.headers, whole[i]!.headers, `chunk ${size} message ${i}`);
        assert.deepEqual(msgs[i]!.body, whole[i]!.body, `chunk ${size} message ${i}`);
      }
    }
  });

  Deno.test(`decodeBedrockEvents() reproduces the ${file} checksum from a ReadableStream of 1 KiB chunks`, async () => {
    const stream = ReadableStream.from(chunked(bytes, 1024));
    const t: Tally = { checksum: 0, counts: {} };
    let n = 0;
    for await (const event of decodeBedrockEvents(stream)) {
      const [[type, payload]] = Object.entries(event) as [[string, Record<string, unknown>]];
      assert.equal(payload.p, undefined, "padding dropped");
      tally(file, type, payload, t);
      n++;
    }
    assert.equal(n, expected.messages);
    assert.equal(t.checksum, expected.checksum);
    assert.deepEqual(t.counts, expected.counts);
  });
}
