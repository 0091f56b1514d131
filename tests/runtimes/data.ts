// Loads the conformance vectors from ../shared into one JSON-able object (runs on Deno, where the
// files are; the runtimes under test receive it as data). Expected fixture counts come from
// @smithy/eventstream-codec, so the fixture case is a differential test against the AWS library.

import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { FIXTURES_DIR, SPEC_DIR } from "../_spec.ts";
import type { ConformanceData, SigV4Vector } from "./conformance.ts";

/** aws-c-auth v4 cases a fetch-based signer can take as is (no raw paths, duplicate or folded headers). */
const SIGV4_CASES = [
  "get-vanilla",
  "get-vanilla-query",
  "get-vanilla-query-order-key-case",
  "get-vanilla-query-unreserved",
  "get-vanilla-empty-query-key",
  "get-vanilla-with-session-token",
  "get-header-value-trim",
  "post-header-key-case",
  "post-header-key-sort",
  "post-header-value-case",
  "post-sts-header-before",
  "post-vanilla",
  "post-vanilla-query",
  "post-vanilla-empty-query-value",
];
const PRESIGN_CASES = new Set(["get-vanilla", "get-vanilla-query-order-key-case", "post-vanilla"]);
const FIXTURE_MESSAGES = 400;

function sigv4Vector(name: string): SigV4Vector {
  const dir = join(SPEC_DIR, "sigv4", "aws-signing-test-suite", "v4", name);
  const ctx = JSON.parse(readFileSync(join(dir, "context.json"), "utf8"));
  const lines = readFileSync(join(dir, "request.txt"), "utf8").split("\n");
  const [method, target] = lines[0]!.split(" ");
  const headers: [string, string][] = [];
  let host = "";
  for (const line of lines.slice(1)) {
    if (line === "") break;
    const i = line.indexOf(":");
    const key = line.slice(0, i);
    if (key.toLowerCase() === "host") host = line.slice(i + 1);
    else headers.push([key, line.slice(i + 1)]);
  }
  const creds = ctx.credentials;
  const credentials: SigV4Vector["credentials"] = {
    accessKeyId: creds.access_key_id,
    secretAccessKey: creds.secret_access_key,
  };
  if (creds.token) credentials.sessionToken = creds.token;
  const signedReq = readFileSync(join(dir, "header-signed-request.txt"), "utf8");
  const authorization = /^Authorization:(.*)$/m.exec(signedReq)?.[1] ?? "";
  const v: SigV4Vector = {
    name,
    method: method!,
    url: `https://${host}${target}`,
    headers,
    credentials,
    region: ctx.region,
    service: ctx.service,
    timestamp: ctx.timestamp,
    expiresIn: ctx.expiration_in_seconds,
    authorization,
  };
  if (PRESIGN_CASES.has(name)) {
    v.presignSignature = readFileSync(join(dir, "query-signature.txt"), "utf8").trim();
  }
  return v;
}

function converseChunk(): ConformanceData["converseChunk"] {
  const all = readFileSync(join(FIXTURES_DIR, "converse-stream.bin"));
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength);
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  let offset = 0;
  const eventTypes: Record<string, number> = {};
  let textLength = 0;
  for (let n = 0; n < FIXTURE_MESSAGES; n++) {
    const len = view.getUint32(offset);
    const msg = codec.decode(new Uint8Array(all.buffer, all.byteOffset + offset, len));
    const type = String(msg.headers[":event-type"]?.value);
    eventTypes[type] = (eventTypes[type] ?? 0) + 1;
    const body = JSON.parse(new TextDecoder().decode(msg.body));
    textLength += (body.delta?.text ?? "").length + (body.delta?.toolUse?.input ?? "").length;
    offset += len;
  }
  // End with the fixture's closing frames so a decoder sees messageStop and metadata too.
  const tail: Uint8Array[] = [];
  const starts: number[] = [];
  for (let o = 0; o < all.length; o += view.getUint32(o)) starts.push(o);
  for (const o of starts.slice(-4)) {
    const len = view.getUint32(o);
    const msg = codec.decode(new Uint8Array(all.buffer, all.byteOffset + o, len));
    const type = String(msg.headers[":event-type"]?.value);
    if (type === "contentBlockDelta") continue;
    eventTypes[type] = (eventTypes[type] ?? 0) + 1;
    tail.push(all.subarray(o, o + len));
  }
  const bytes = Buffer.concat([all.subarray(0, offset), ...tail]);
  return {
    base64: bytes.toString("base64"),
    messages: FIXTURE_MESSAGES + tail.length,
    eventTypes,
    textLength,
  };
}

/** Reads every vector the conformance suite needs. */
export function loadConformanceData(): ConformanceData {
  const derived = JSON.parse(
    readFileSync(join(SPEC_DIR, "sigv4", "derived", "bedrock-sigv4-examples.json"), "utf8"),
  );
  const vectors = JSON.parse(readFileSync(join(SPEC_DIR, "eventstream", "vectors.json"), "utf8"));
  return {
    sigv4: SIGV4_CASES.map(sigv4Vector),
    bedrockSigv4: derived.cases,
    eventstream: { positive: vectors.positive, negative: vectors.negative },
    converseChunk: converseChunk(),
  };
}
