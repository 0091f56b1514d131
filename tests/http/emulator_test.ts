// Transport against the emulator's fetch handler (in process, no socket): its SigV4 verifier
// accepts every re-signed attempt, and its fault injection drives the retry policy.
import assert from "node:assert/strict";
import { createEmulator } from "../../src/emulator/mod.ts";
import {
  BedrockRuntimeServiceException,
  ServiceUnavailableException,
  ThrottlingException,
} from "../../src/errors.ts";
import { Transport, type TransportConfig } from "../../src/http/transport.ts";
import { fakeSleep, rejection } from "./_helpers.ts";

const MODEL = encodeURIComponent("anthropic.claude-3-5-haiku-20241022-v1:0");
const BODY = JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hello" }] }] });

function transport(extra: Partial<TransportConfig> = {}): { t: Transport; delays: number[] } {
  const handler = createEmulator();
  const { delays, sleep } = fakeSleep();
  const t = new Transport({
    endpoint: () => Promise.resolve("http://127.0.0.1:1"),
    region: () => Promise.resolve("us-east-1"),
    credentials: () =>
      Promise.resolve({ accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" }),
    fetch: ((input: string, init?: RequestInit) =>
      handler.fetch(new Request(input, init))) as typeof fetch,
    sleep,
    ...extra,
  });
  return { t, delays };
}

function converse(fault?: string, stream = false) {
  return {
    operation: stream ? "ConverseStream" : "Converse",
    method: "POST" as const,
    path: `/model/${MODEL}/${stream ? "converse-stream" : "converse"}`,
    headers: {
      "content-type": "application/json",
      ...(fault ? { "x-bedrock-fetch-fault": fault } : {}),
    },
    body: BODY,
    stream,
  };
}

Deno.test("Transport.send() is accepted by the emulator's SigV4 verifier and bearer check", async () => {
  const res = await transport().t.send(converse());
  assert.equal(res.status, 200);
  assert.equal(
    JSON.parse(new TextDecoder().decode(res.body)).output.message.content[0].text,
    "Hello",
  );
  assert.ok(res.$metadata.requestId);
  const bearer = await transport({ token: () => Promise.resolve("emulator-token") }).t.send(
    converse(),
  );
  assert.equal(bearer.status, 200);
  const wrong = await rejection(
    transport({ token: () => Promise.resolve("not-the-token") }).t.send(converse()),
  );
  assert.ok(wrong instanceof BedrockRuntimeServiceException);
  assert.equal(wrong.$metadata.attempts, 1); // a 403 is never retried
});

Deno.test("Transport.send() gets through emulator throttle=2 on attempt 3, re-signing each time", async () => {
  const { t, delays } = transport();
  const res = await t.send(converse("throttle=2"));
  assert.equal(res.$metadata.attempts, 3);
  assert.deepEqual(delays.length, 2);
  const error = await rejection(transport({ maxAttempts: 2 }).t.send(converse("throttle=2")));
  assert.ok(error instanceof ThrottlingException);
  assert.equal(error.$metadata.attempts, 2);
});

Deno.test("Transport.send() exhausts its attempts on emulator status=503", async () => {
  const error = await rejection(transport().t.send(converse("status=503")));
  assert.ok(error instanceof ServiceUnavailableException);
  assert.equal(error.$metadata.attempts, 3);
  assert.equal(error.$metadata.httpStatusCode, 503);
});

Deno.test("Transport.send() reads emulator json-error on a stream call as an error", async () => {
  const error = await rejection(transport({ maxAttempts: 1 }).t.send(converse("json-error", true)));
  assert.ok(error instanceof BedrockRuntimeServiceException, String(error));
  assert.equal(error.$metadata.attempts, 1);
});

Deno.test("Transport.send() hands over an emulator stream; a slow one trips the idle timeout", async () => {
  const ok = await transport().t.send(converse(undefined, true));
  const bytes = new Uint8Array(await new Response(ok.stream).arrayBuffer());
  assert.ok(bytes.length > 100);
  const slow = await transport({ streamIdleTimeoutMs: 30 }).t.send(converse("slow=200", true));
  const error = await rejection(new Response(slow.stream).arrayBuffer());
  assert.equal((error as Error).name, "BedrockTimeoutError");
});
