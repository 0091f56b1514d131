// Benchmark cases for the event-stream codec, shared by the Deno bench and the Bun/Node runner.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import {
  decodeBedrockEvents,
  EventStreamDecoder,
  parseBedrockPayload,
} from "../src/eventstream/mod.ts";

export interface Case {
  group: string;
  name: string;
  baseline?: boolean;
  fn: () => unknown;
}

const smithy = new EventStreamCodec(toUtf8, fromUtf8);
const utf8 = new TextDecoder();

/**
 * The minimal framer smithy leaves to its callers: concatenate only when a frame straddles chunks,
 * read the 4-byte length, hand each whole frame to `EventStreamCodec.decode`.
 */
function smithyFrames(
  chunks: Uint8Array[],
  onMessage: (body: Uint8Array, headers: unknown) => void,
): void {
  let rest: Uint8Array | undefined;
  for (const chunk of chunks) {
    let buf = chunk;
    if (rest !== undefined) {
      buf = new Uint8Array(rest.length + chunk.length);
      buf.set(rest);
      buf.set(chunk, rest.length);
    }
    let at = 0;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (buf.length - at >= 4) {
      const total = view.getUint32(at);
      if (buf.length - at < total) break;
      const m = smithy.decode(buf.subarray(at, at + total));
      onMessage(m.body, m.headers);
      at += total;
    }
    rest = at < buf.length ? buf.slice(at) : undefined;
  }
  if (rest !== undefined) throw new Error("truncated");
}

function chunk(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.slice(i, i + size));
  return out;
}

/** Builds every case; `fixturesDir` is ../shared/fixtures. */
export function buildCases(fixturesDir: string): Case[] {
  const cases: Case[] = [];
  for (const file of ["converse-stream.bin", "invoke-stream.bin"]) {
    const bytes = new Uint8Array(readFileSync(join(fixturesDir, file)));
    const short = file.split("-")[0]!;
    const bodies = new EventStreamDecoder().decode(bytes).map((m) => m.body.slice());
    for (const size of [1024, 65536]) {
      const chunks = chunk(bytes, size);
      const label = `${short} ${size === 1024 ? "1 KiB" : "64 KiB"}`;
      let sink = 0;
      cases.push({
        group: `framing: ${label}`,
        name: `smithy EventStreamCodec + framer (${label})`,
        baseline: true,
        fn: () => {
          let n = 0;
          smithyFrames(chunks, (body) => (n += body.length));
          return n;
        },
      });
      cases.push({
        group: `framing: ${label}`,
        name: `bedrock-fetch EventStreamDecoder (${label})`,
        fn: () => {
          const d = new EventStreamDecoder();
          let n = 0;
          for (const c of chunks) {
            d.push(c);
            for (let m = d.next(); m !== undefined; m = d.next()) n += m.body.length;
          }
          d.end();
          return n;
        },
      });
      cases.push({
        group: `decode+JSON: ${label}`,
        name: `smithy + toUtf8 + JSON.parse (${label})`,
        baseline: true,
        fn: () => {
          smithyFrames(chunks, (body) => (sink += JSON.parse(toUtf8(body)) ? 1 : 0));
          return sink;
        },
      });
      cases.push({
        group: `decode+JSON: ${label}`,
        name: `bedrock-fetch sync decoder + parseBedrockPayload (${label})`,
        fn: () => {
          const d = new EventStreamDecoder();
          for (const c of chunks) {
            d.push(c);
            for (let m = d.next(); m !== undefined; m = d.next()) {
              sink += parseBedrockPayload(m.body) ? 1 : 0;
            }
          }
          d.end();
          return sink;
        },
      });
      cases.push({
        group: `decode+JSON: ${label}`,
        name: `bedrock-fetch decodeBedrockEvents async (${label})`,
        fn: async () => {
          for await (const e of decodeBedrockEvents(chunks)) sink += e ? 1 : 0;
          return sink;
        },
      });
      cases.push({
        group: `decode+JSON: ${label}`,
        name: `JSON only: TextDecoder + JSON.parse (${label})`,
        fn: () => {
          for (const b of bodies) sink += JSON.parse(utf8.decode(b)) ? 1 : 0;
          return sink;
        },
      });
    }
  }
  return cases;
}
