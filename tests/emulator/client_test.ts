// bedrock-fetch's own BedrockRuntime against the in-process emulator (no socket): SigV4 and bearer
// auth, every operation, a typed HTTP error, a mid-stream exception and throttling retries.
import assert from "node:assert/strict";
import { BedrockRuntime } from "../../mod.ts";
import { createEmulator } from "../../src/emulator/mod.ts";
import { ModelNotReadyException, ThrottlingException } from "../../src/errors.ts";
import { KEY, MODEL } from "./_helpers.ts";

function setup(auth: "sigv4" | "bearer", maxAttempts = 1) {
  const emulator = createEmulator();
  const fault = { value: "" };
  const fetcher = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (fault.value !== "") request.headers.set("x-bedrock-fetch-fault", fault.value);
    return emulator.fetch(request);
  };
  const client = new BedrockRuntime({
    region: "us-east-1",
    endpoint: "http://emulator.local",
    fetch: fetcher as typeof fetch,
    maxAttempts,
    ...(auth === "sigv4" ? { credentials: KEY } : { token: "emulator-token" }),
  });
  return { client, fault, emulator };
}

const messages = [{ role: "user" as const, content: [{ text: "Hello client" }] }];

for (const auth of ["sigv4", "bearer"] as const) {
  Deno.test(`BedrockRuntime (${auth}) calls every operation on the in-process emulator`, async () => {
    const { client } = setup(auth);
    const conv = await client.converse({ modelId: `us.${MODEL}`, messages });
    const output = conv.output !== undefined && "message" in conv.output
      ? conv.output.message
      : undefined;
    assert.equal(
      output?.content?.[0] !== undefined && "text" in output.content[0]
        ? output.content[0].text
        : "",
      "Hello client",
    );
    assert.ok(conv.$metadata.requestId);
    const { stream } = await client.converseStream({ modelId: MODEL, messages });
    let text = "";
    for await (const e of stream) {
      if (
        "contentBlockDelta" in e && e.contentBlockDelta.delta !== undefined &&
        "text" in e.contentBlockDelta.delta
      ) {
        text += e.contentBlockDelta.delta.text;
      }
    }
    assert.equal(text, "Hello client");
    const body = JSON.stringify({
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 9,
      messages: [{ role: "user", content: "native" }],
    });
    const inv = await client.invokeModel({
      modelId: MODEL,
      contentType: "application/json",
      body: new TextEncoder().encode(body),
    });
    assert.equal(JSON.parse(new TextDecoder().decode(inv.body)).content[0].text, "native");
    const s = await client.invokeModelWithResponseStream({
      modelId: MODEL,
      contentType: "application/json",
      body: new TextEncoder().encode(body),
    });
    let chunks = 0;
    for await (const e of s.body) if ("chunk" in e) chunks++;
    assert.ok(chunks > 4);
    const count = await client.countTokens({ modelId: MODEL, input: { converse: { messages } } });
    assert.equal(count.inputTokens, conv.usage?.inputTokens);
    const g = await client.applyGuardrail({
      guardrailIdentifier: "abc",
      guardrailVersion: "1",
      source: "INPUT",
      content: [{ text: { text: "ok" } }],
    });
    assert.equal(g.action, "NONE");
  });
}

Deno.test("BedrockRuntime gets typed errors, mid-stream exceptions and retries throttling from the emulator", async () => {
  const { client, fault } = setup("sigv4");
  fault.value = "error=ModelNotReadyException";
  await assert.rejects(client.converse({ modelId: MODEL, messages }), ModelNotReadyException);
  fault.value = "mid-stream-exception=throttlingException";
  await assert.rejects(async () => {
    const { stream } = await client.converseStream({ modelId: MODEL, messages });
    for await (const _ of stream);
  }, ThrottlingException);
  const retrying = setup("sigv4", 3);
  retrying.fault.value = "throttle=2";
  const ok = await retrying.client.converse({ modelId: MODEL, messages });
  assert.equal(ok.$metadata.attempts, 3);
});

Deno.test("BedrockRuntime corrects a 15-minute clock skew from the emulator's Date header", async () => {
  const emulator = createEmulator({ now: () => Date.now() + 15 * 60_000 });
  const client = new BedrockRuntime({
    region: "us-east-1",
    endpoint: "http://emulator.local",
    fetch: ((input: RequestInfo | URL, init?: RequestInit) =>
      emulator.fetch(new Request(input, init))) as typeof fetch,
    credentials: KEY,
    maxAttempts: 3,
  });
  const res = await client.converse({ modelId: MODEL, messages });
  assert.equal(res.$metadata.attempts, 2);
});
