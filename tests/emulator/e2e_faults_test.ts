// bedrock-fetch's own client end to end against the emulator, over a real socket on 127.0.0.1 and
// in-process: every operation, then every fault the emulator injects (per request, through the
// x-bedrock-fetch-fault header), each ending in the documented outcome.
import assert from "node:assert/strict";
import { BedrockRuntime } from "../../mod.ts";
import { createEmulator, serveEmulator } from "../../src/emulator/mod.ts";
import {
  BedrockNetworkError,
  BedrockTimeoutError,
  EventStreamError,
  InternalServerException,
  ModelStreamErrorException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "../../src/errors.ts";
import { KEY, MODEL } from "./_helpers.ts";

type Mode = "socket" | "in-process";
const messages = [{ role: "user" as const, content: [{ text: "Hello end to end" }] }];
const anthropicBody = new TextEncoder().encode(JSON.stringify({
  anthropic_version: "bedrock-2023-05-31",
  max_tokens: 64,
  messages: [{ role: "user", content: "Hello invoke" }],
}));

async function setup(mode: Mode) {
  const fault = { value: "" };
  let base: (req: Request) => Promise<Response>;
  let endpoint: string;
  let close = () => Promise.resolve();
  if (mode === "socket") {
    const server = await serveEmulator({ port: 0, hostname: "127.0.0.1", paceMs: 2 });
    endpoint = server.url;
    base = (req) => fetch(req);
    close = () => server.close();
  } else {
    const emulator = createEmulator({ paceMs: 2 });
    endpoint = "http://emulator.local";
    base = (req) => emulator.fetch(req);
  }
  const fetcher = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (fault.value !== "") request.headers.set("x-bedrock-fetch-fault", fault.value);
    return base(request);
  };
  const client = (maxAttempts = 3, streamIdleTimeoutMs?: number) =>
    new BedrockRuntime({
      region: "us-east-1",
      endpoint,
      credentials: KEY,
      fetch: fetcher as typeof fetch,
      maxAttempts,
      ...(streamIdleTimeoutMs !== undefined && { streamIdleTimeoutMs }),
    });
  return { fault, client, close };
}

async function streamText(client: BedrockRuntime): Promise<string> {
  const { stream } = await client.converseStream({ modelId: MODEL, messages });
  let text = "";
  for await (const event of stream) text += event.contentBlockDelta?.delta?.text ?? "";
  return text;
}

async function rejects(p: Promise<unknown>, cls: new (...a: never[]) => Error, label: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof cls, `${label}: expected ${cls.name}, got ${String(e)}`);
    return true;
  });
}

for (const mode of ["socket", "in-process"] as const) {
  Deno.test(`BedrockRuntime calls every operation on the emulator (${mode})`, async () => {
    const { client, close } = await setup(mode);
    try {
      const c = client();
      const conv = await c.converse({ modelId: MODEL, messages });
      assert.equal(conv.output?.message?.content?.[0]?.text, "Hello end to end");
      assert.equal(await streamText(c), "Hello end to end");
      const inv = await c.invokeModel({
        modelId: MODEL,
        body: anthropicBody,
        contentType: "application/json",
      });
      assert.match(new TextDecoder().decode(inv.body), /Hello invoke/);
      const ims = await c.invokeModelWithResponseStream({
        modelId: MODEL,
        body: anthropicBody,
        contentType: "application/json",
      });
      let chunks = 0;
      for await (const part of ims.body) if (part.chunk?.bytes) chunks++;
      assert.ok(chunks > 2, `${chunks} chunks`);
      const count = await c.countTokens({ modelId: MODEL, input: { converse: { messages } } });
      assert.equal(count.inputTokens, conv.usage?.inputTokens);
      const guard = await c.applyGuardrail({
        guardrailIdentifier: "abc123",
        guardrailVersion: "1",
        source: "INPUT",
        content: [{ text: { text: "fine words" } }],
      });
      assert.equal(guard.action, "NONE");
    } finally {
      await close();
    }
  });

  Deno.test(`BedrockRuntime meets every emulator fault with the documented outcome (${mode})`, async () => {
    const { client, fault, close } = await setup(mode);
    try {
      // throttle=N: retried, succeeds on attempt N+1.
      fault.value = "throttle=2";
      const ok = await client(3).converse({ modelId: MODEL, messages });
      assert.equal(ok.$metadata.attempts, 3);
      fault.value = "throttle=1";
      await rejects(
        client(1).converse({ modelId: MODEL, messages }),
        ThrottlingException,
        "throttle",
      );
      // status=503: retried until attempts run out.
      fault.value = "status=503";
      await assert.rejects(client(2).converse({ modelId: MODEL, messages }), (e: unknown) => {
        assert.ok(e instanceof ServiceUnavailableException);
        assert.equal(e.$metadata.attempts, 2);
        return true;
      });
      // mid-stream exceptions: the modeled class, thrown from the iterator, never retried.
      for (
        const [type, cls] of [
          ["throttlingException", ThrottlingException],
          ["modelStreamErrorException", ModelStreamErrorException],
          ["validationException", ValidationException],
        ] as const
      ) {
        fault.value = `mid-stream-exception=${type}`;
        await rejects(streamText(client(3)), cls, type);
      }
      // truncate, bad-crc, drop: corruption and cut connections are errors, never silence.
      fault.value = "truncate";
      await assert.rejects(streamText(client()), (e: unknown) => {
        assert.ok(e instanceof EventStreamError, `truncate: ${String(e)}`);
        assert.equal(e.reason, "truncated-stream");
        return true;
      });
      fault.value = "bad-crc";
      await rejects(streamText(client()), EventStreamError, "bad-crc");
      fault.value = "drop";
      await rejects(streamText(client()), BedrockNetworkError, "drop");
      // slow=MS beyond the idle timeout: a clean BedrockTimeoutError("idle").
      fault.value = "slow=400";
      await assert.rejects(streamText(client(1, 100)), (e: unknown) => {
        assert.ok(e instanceof BedrockTimeoutError, `slow: ${String(e)}`);
        assert.equal(e.kind, "idle");
        return true;
      });
      // json-error: a JSON error body on a stream call rejects the call with the modeled class.
      fault.value = "json-error";
      await rejects(
        client(1).converseStream({ modelId: MODEL, messages }),
        InternalServerException,
        "json-error",
      );
      // The emulator keeps serving afterwards.
      fault.value = "";
      assert.equal(await streamText(client()), "Hello end to end");
    } finally {
      await close();
    }
  });
}
