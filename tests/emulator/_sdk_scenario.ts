// The AWS SDK scenario, runtime-neutral: run by sdk_test.ts under Deno and, bundled with esbuild, under
// Node (sdk_node_main.ts). Every operation, every modeled error, both stream kinds with a mid-stream
// exception, against a real socket.
import * as sdk from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/** The assertions the scenario needs (node:assert/strict satisfies it). */
export interface Assert {
  equal(actual: unknown, expected: unknown, message?: string): void;
  ok(value: unknown, message?: string): void;
  deepEqual(actual: unknown, expected: unknown, message?: string): void;
}

/** What the scenario measured. */
export interface ScenarioResult {
  operations: number;
  errors: number;
  streams: number;
  signedHeaders: string[];
}

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const ERRORS = [
  "AccessDeniedException",
  "ConflictException",
  "InternalServerException",
  "ModelErrorException",
  "ModelNotReadyException",
  "ModelStreamErrorException",
  "ModelTimeoutException",
  "ResourceNotFoundException",
  "ServiceQuotaExceededException",
  "ServiceUnavailableException",
  "ThrottlingException",
  "ValidationException",
];
const enc = new TextEncoder();
const dec = new TextDecoder();

function client(
  url: string,
  handler: "default" | "http1",
  fault: { value: string },
  seen: string[],
  maxAttempts = 1,
) {
  const c = new sdk.BedrockRuntimeClient({
    region: "us-east-1",
    endpoint: url,
    maxAttempts,
    credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" },
    ...(handler === "http1" ? { requestHandler: new NodeHttpHandler() } : {}),
  });
  c.middlewareStack.add((next) => async (args) => {
    // deno-lint-ignore no-explicit-any
    const req = args.request as any;
    if (fault.value !== "") req.headers["x-bedrock-fetch-fault"] = fault.value;
    return await next(args);
  }, { step: "build", name: "emulatorFault" });
  c.middlewareStack.add((next) => async (args) => {
    // deno-lint-ignore no-explicit-any
    const auth = String((args.request as any).headers?.authorization ?? "");
    const m = /SignedHeaders=([^,]+)/.exec(auth);
    if (m !== null && !seen.includes(m[1]!)) seen.push(m[1]!);
    return await next(args);
  }, { step: "deserialize", name: "emulatorSeen" });
  return c;
}

/** Runs the scenario with one request handler against an emulator at `url`. */
export async function runSdkScenario(
  url: string,
  handler: "default" | "http1",
  assert: Assert,
): Promise<ScenarioResult> {
  const fault = { value: "" };
  const signed: string[] = [];
  const c = client(url, handler, fault, signed);
  const result: ScenarioResult = { operations: 0, errors: 0, streams: 0, signedHeaders: signed };
  try {
    const messages = [{ role: "user" as const, content: [{ text: "Hello from the SDK" }] }];
    const conv = await c.send(new sdk.ConverseCommand({ modelId: `us.${MODEL}`, messages }));
    assert.equal(conv.output?.message?.content?.[0]?.text, "Hello from the SDK");
    assert.equal(conv.$metadata.httpStatusCode, 200);
    assert.ok(conv.$metadata.requestId);
    const count = await c.send(
      new sdk.CountTokensCommand({ modelId: MODEL, input: { converse: { messages } } }),
    );
    assert.equal(
      count.inputTokens,
      conv.usage?.inputTokens,
      "CountTokens agrees with Converse usage",
    );
    let text = "";
    let metadata = false;
    const cs = await c.send(new sdk.ConverseStreamCommand({ modelId: MODEL, messages }));
    for await (const e of cs.stream!) {
      if (e.contentBlockDelta?.delta?.text !== undefined) text += e.contentBlockDelta.delta.text;
      if (e.metadata !== undefined) metadata = e.metadata.usage?.inputTokens === count.inputTokens;
    }
    assert.equal(text, "Hello from the SDK");
    assert.ok(metadata, "stream metadata usage agrees with CountTokens");
    const body = enc.encode(
      JSON.stringify({
        anthropic_version: "bedrock-2023-05-31",
        max_tokens: 50,
        messages: [{ role: "user", content: "Hi native" }],
      }),
    );
    const inv = await c.send(
      new sdk.InvokeModelCommand({
        modelId: MODEL,
        body,
        contentType: "application/json",
        accept: "application/json",
      }),
    );
    const native = JSON.parse(dec.decode(inv.body));
    assert.equal(native.content[0].text, "Hi native");
    assert.equal(inv.contentType, "application/json");
    let nativeText = "";
    const ims = await c.send(
      new sdk.InvokeModelWithResponseStreamCommand({
        modelId: MODEL,
        body,
        contentType: "application/json",
      }),
    );
    for await (const e of ims.body!) {
      const chunk = JSON.parse(dec.decode(e.chunk!.bytes!));
      if (chunk.type === "content_block_delta") nativeText += chunk.delta.text;
    }
    assert.equal(nativeText, "Hi native");
    const g = await c.send(
      new sdk.ApplyGuardrailCommand({
        guardrailIdentifier: "abc123",
        guardrailVersion: "DRAFT",
        source: "INPUT",
        content: [{ text: { text: "fine" } }],
      }),
    );
    assert.equal(g.action, "NONE");
    result.operations = 6;
    result.streams = 2;
    for (const name of ERRORS) {
      fault.value = `error=${name}`;
      try {
        await c.send(new sdk.InvokeModelCommand({ modelId: MODEL, body }));
        assert.ok(false, `${name} was not thrown`);
      } catch (e) {
        // deno-lint-ignore no-explicit-any
        const cls = (sdk as any)[name];
        assert.ok(e instanceof cls, `${name}: got ${(e as Error).name}`);
        assert.equal((e as Error).name, name);
        result.errors++;
      }
    }
    for (
      const [member, cls] of [["throttlingException", sdk.ThrottlingException], [
        "modelStreamErrorException",
        sdk.ModelStreamErrorException,
      ]] as const
    ) {
      fault.value = `mid-stream-exception=${member}`;
      let events = 0;
      let caught: unknown;
      try {
        const s = await c.send(new sdk.ConverseStreamCommand({ modelId: MODEL, messages }));
        for await (const _ of s.stream!) events++;
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof cls, `converse-stream ${member}: ${String(caught)}`);
      assert.equal(events, 3);
      events = 0;
      caught = undefined;
      try {
        const s = await c.send(
          new sdk.InvokeModelWithResponseStreamCommand({ modelId: MODEL, body }),
        );
        for await (const _ of s.body!) events++;
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof cls, `invoke stream ${member}: ${String(caught)}`);
      assert.equal(events, 3);
    }
    const bearer = new sdk.BedrockRuntimeClient({
      region: "us-east-1",
      endpoint: url,
      token: { token: "emulator-token" },
      authSchemePreference: ["httpBearerAuth"],
      ...(handler === "http1" ? { requestHandler: new NodeHttpHandler() } : {}),
    });
    const viaToken = await bearer.send(new sdk.ConverseCommand({ modelId: MODEL, messages }));
    assert.equal(viaToken.output?.message?.content?.[0]?.text, "Hello from the SDK");
    bearer.destroy();
    fault.value = "throttle=2";
    const retrying = client(url, handler, fault, signed, 3);
    const retried = await retrying.send(new sdk.ConverseCommand({ modelId: MODEL, messages }));
    assert.equal(retried.$metadata.attempts, 3);
    retrying.destroy();
    fault.value = "";
    const bad = client(url, handler, fault, signed);
    // deno-lint-ignore no-explicit-any
    (bad.config as any).credentials = () =>
      Promise.resolve({ accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "wrong" });
    try {
      await bad.send(new sdk.ConverseCommand({ modelId: MODEL, messages }));
      assert.ok(false, "a wrong secret was accepted");
    } catch (e) {
      assert.equal((e as Error).name, "InvalidSignatureException");
      assert.ok(e instanceof sdk.BedrockRuntimeServiceException);
    }
    bad.destroy();
  } finally {
    c.destroy();
  }
  return result;
}
