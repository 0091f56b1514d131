import assert from "node:assert/strict";
import { BedrockRuntime } from "../../src/runtime/client.ts";
import { encodeEventStreamMessage } from "../../src/eventstream/encode.ts";
import { RetryQuota } from "../../mod.ts";
import {
  AccessDeniedException,
  BedrockInputError,
  BedrockStreamError,
  ThrottlingException,
} from "../../src/errors.ts";

const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const TOKEN = "session-token-SECRET-value";
const CREDS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: SECRET, sessionToken: TOKEN };
const MODEL = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
const enc = new TextEncoder();

function event(type: string, payload: unknown): Uint8Array {
  return encodeEventStreamMessage({
    headers: {
      ":event-type": { type: "string", value: type },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "event" },
    },
    body: enc.encode(JSON.stringify(payload)),
  });
}

interface Fake {
  requests: Request[];
  fetch: typeof fetch;
}

function fakeFetch(reply: () => Response): Fake {
  const requests: Request[] = [];
  const fetch = (input: string | URL | Request, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return Promise.resolve(reply());
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "x-amzn-requestid": "rid", ...headers },
  });

const streamOf = (frames: Uint8Array[], onCancel?: () => void) => () => {
  let i = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(c) {
        if (i < frames.length) c.enqueue(frames[i++]!);
        else c.close();
      },
      cancel: () => onCancel?.(),
    }, { highWaterMark: 0 }),
    { status: 200, headers: { "content-type": "application/vnd.amazon.eventstream" } },
  );
};

const client = (fake: Fake, extra: Record<string, unknown> = {}) =>
  new BedrockRuntime({
    region: "us-east-1",
    credentials: CREDS,
    fetch: fake.fetch,
    env: {},
    maxAttempts: 1,
    ...extra,
  });
const messages = [{ role: "user", content: [{ text: "Hi" }] }];

Deno.test("BedrockRuntime.converseStream() throws BedrockStreamError when the stream ends without messageStop", async () => {
  const fake = fakeFetch(streamOf([
    event("messageStart", { role: "assistant" }),
    event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hel" } }),
  ]));
  const { stream } = await client(fake).converseStream({ modelId: MODEL, messages });
  const seen: unknown[] = [];
  await assert.rejects(async () => {
    for await (const e of stream) seen.push(e);
  }, BedrockStreamError);
  assert.equal(seen.length, 2);
});

Deno.test("BedrockRuntime.converseStream() skips unknown event types and drops the p padding", async () => {
  const fake = fakeFetch(streamOf([
    event("messageStart", { role: "assistant", p: "abcdef" }),
    event("futureEvent", { x: 1 }),
    event("messageStop", { stopReason: "end_turn", p: "xy" }),
  ]));
  const { stream } = await client(fake).converseStream({ modelId: MODEL, messages });
  const seen: unknown[] = [];
  for await (const e of stream) seen.push(e);
  assert.deepEqual(seen, [
    { messageStart: { role: "assistant" } },
    { messageStop: { stopReason: "end_turn" } },
  ]);
});

Deno.test("BedrockRuntime.converseStream() cancels the response body when the loop breaks", async () => {
  let cancelled = false;
  const frames = [event("messageStart", { role: "assistant" })];
  for (let i = 0; i < 50; i++) {
    frames.push(event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: `${i}` } }));
  }
  const fake = fakeFetch(streamOf(frames, () => (cancelled = true)));
  const { stream } = await client(fake).converseStream({ modelId: MODEL, messages });
  let n = 0;
  for await (const _ of stream) if (++n === 3) break;
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(cancelled, "body cancelled");
});

Deno.test("BedrockRuntime.invokeModelWithResponseStream() yields chunk bytes as Uint8Array", async () => {
  const fake = fakeFetch(streamOf([
    event("chunk", { bytes: btoa('{"a":1}') }),
    event("chunk", { bytes: btoa('{"b":2}') }),
  ]));
  const out = await client(fake).invokeModelWithResponseStream({ modelId: MODEL, body: "{}" });
  const texts: string[] = [];
  for await (const part of out.body) {
    assert.ok("chunk" in part && part.chunk.bytes instanceof Uint8Array);
    texts.push(new TextDecoder().decode(part.chunk.bytes));
  }
  assert.deepEqual(texts, ['{"a":1}', '{"b":2}']);
});

Deno.test("BedrockRuntime uses the bearer token instead of SigV4 when token is given", async () => {
  const fake = fakeFetch(json({ inputTokens: 3 }));
  const bedrock = new BedrockRuntime({
    region: "us-west-2",
    token: "bedrock-api-key-123",
    fetch: fake.fetch,
    env: {},
  });
  await bedrock.countTokens({ modelId: MODEL, input: { converse: { messages } } });
  const req = fake.requests[0]!;
  assert.equal(req.headers.get("authorization"), "Bearer bedrock-api-key-123");
  assert.equal(req.headers.get("x-amz-date"), null);
  assert.equal(new URL(req.url).host, "bedrock-runtime.us-west-2.amazonaws.com");
});

Deno.test("BedrockRuntime reads AWS_BEARER_TOKEN_BEDROCK from env, but explicit credentials win", async () => {
  const env = { AWS_BEARER_TOKEN_BEDROCK: "env-key", AWS_REGION: "eu-west-1" };
  const a = fakeFetch(json({ inputTokens: 1 }));
  await new BedrockRuntime({ env, fetch: a.fetch }).countTokens({
    modelId: MODEL,
    input: { converse: { messages } },
  });
  assert.equal(a.requests[0]!.headers.get("authorization"), "Bearer env-key");
  assert.equal(new URL(a.requests[0]!.url).host, "bedrock-runtime.eu-west-1.amazonaws.com");
  const b = fakeFetch(json({ inputTokens: 1 }));
  await new BedrockRuntime({ env, fetch: b.fetch, credentials: CREDS }).countTokens({
    modelId: MODEL,
    input: { converse: { messages } },
  });
  assert.match(b.requests[0]!.headers.get("authorization")!, /^AWS4-HMAC-SHA256 /);
});

Deno.test("BedrockRuntime.countTokens() sends the base model id for a geo-prefixed profile", async () => {
  const fake = fakeFetch(json({ inputTokens: 7 }));
  const out = await client(fake).countTokens({ modelId: MODEL, input: { converse: { messages } } });
  assert.equal(out.inputTokens, 7);
  assert.equal(out.$metadata.requestId, "rid");
  assert.equal(
    new URL(fake.requests[0]!.url).pathname,
    "/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/count-tokens",
  );
});

Deno.test("BedrockRuntime.countTokens() rejects an application-inference-profile ARN before sending", async () => {
  const fake = fakeFetch(json({}));
  await assert.rejects(
    client(fake).countTokens({
      modelId: "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
      input: { converse: { messages } },
    }),
    BedrockInputError,
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("BedrockRuntime rejects clearly when no region can be resolved, without sending", async () => {
  const fake = fakeFetch(json({}));
  const bedrock = new BedrockRuntime({
    credentials: CREDS,
    fetch: fake.fetch,
    env: {},
    profile: "none-such-profile-xyz",
  });
  await assert.rejects(
    bedrock.converse({ modelId: MODEL, messages: [] }),
    (e: unknown) => e instanceof Error && /region/i.test(e.message),
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("BedrockRuntime sends to a custom endpoint and rejects FIPS with it", async () => {
  const fake = fakeFetch(json({ output: { message: { role: "assistant", content: [] } } }));
  await client(fake, { endpoint: "http://127.0.0.1:8787/" }).converse({ modelId: MODEL, messages });
  assert.equal(
    fake.requests[0]!.url,
    "http://127.0.0.1:8787/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse",
  );
  await assert.rejects(
    client(fake, { endpoint: "http://127.0.0.1:1", useFipsEndpoint: true }).converse({
      modelId: MODEL,
      messages,
    }),
    /FIPS and custom endpoint are not supported/,
  );
});

Deno.test("BedrockRuntime uses the FIPS dual-stack host when asked", async () => {
  const fake = fakeFetch(json({}));
  await client(fake, { useFipsEndpoint: true, useDualstackEndpoint: true }).converse({
    modelId: MODEL,
    messages,
  });
  assert.equal(new URL(fake.requests[0]!.url).host, "bedrock-runtime-fips.us-east-1.api.aws");
});

Deno.test("BedrockRuntime errors never contain the secret key, session token or signature", async () => {
  const fake = fakeFetch(
    json({ message: "denied" }, 403, { "x-amzn-errortype": "AccessDeniedException" }),
  );
  const err = await client(fake).converse({ modelId: MODEL, messages }).then(
    () => assert.fail("should reject"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof AccessDeniedException);
  const auth = fake.requests[0]!.headers.get("authorization")!;
  const signature = auth.slice(auth.indexOf("Signature=") + 10);
  const text = [String(err), (err as Error).stack, JSON.stringify(err), Deno.inspect(err)].join(
    "\n",
  );
  for (const secret of [SECRET, TOKEN, signature]) assert.ok(!text.includes(secret));
});

Deno.test("BedrockRuntime rejects a first-frame exception on the call and a later one from the iterator", async () => {
  const exception = encodeEventStreamMessage({
    headers: {
      ":exception-type": { type: "string", value: "throttlingException" },
      ":content-type": { type: "string", value: "application/json" },
      ":message-type": { type: "string", value: "exception" },
    },
    body: enc.encode('{"message":"slow down"}'),
  });
  await assert.rejects(
    client(fakeFetch(streamOf([exception]))).converseStream({ modelId: MODEL, messages }),
    ThrottlingException,
  );
  const { stream } = await client(fakeFetch(streamOf([
    event("messageStart", { role: "assistant" }),
    exception,
  ]))).converseStream({ modelId: MODEL, messages });
  await assert.rejects(async () => {
    for await (const _ of stream) { /* drain */ }
  }, ThrottlingException);
});

Deno.test("BedrockRuntime.invokeModel() sends a string body as UTF-8 and returns bytes + headers", async () => {
  const fake = fakeFetch(() =>
    new Response("héllo", {
      headers: { "content-type": "text/plain", "x-amzn-bedrock-service-tier": "flex" },
    })
  );
  const out = await client(fake).invokeModel({ modelId: MODEL, body: "héllo" });
  assert.equal(new TextDecoder().decode(out.body), "héllo");
  assert.equal(out.contentType, "text/plain");
  assert.equal(out.serviceTier, "flex");
  assert.equal(fake.requests[0]!.headers.get("content-type"), "application/octet-stream");
  assert.equal(fake.requests[0]!.headers.get("accept"), null);
  assert.equal(await fake.requests[0]!.text(), "héllo");
});

Deno.test("BedrockRuntime honours an already aborted signal without sending", async () => {
  const fake = fakeFetch(json({}));
  const ac = new AbortController();
  ac.abort(new Error("stop"));
  await assert.rejects(
    client(fake).converse({ modelId: MODEL, messages }, { signal: ac.signal }),
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("BedrockRuntime.converseStream() reads a JSON body on a 200 stream reply as an error, not as frames", async () => {
  const fake = fakeFetch(json({ message: "Too many requests" }, 200, {
    "x-amzn-errortype": "ThrottlingException",
  }));
  await assert.rejects(
    client(fake).converseStream({ modelId: MODEL, messages }),
    ThrottlingException,
  );
});

Deno.test("BedrockRuntime never shows credentials or the token when inspected or serialized", () => {
  const bedrock = new BedrockRuntime({
    region: "us-east-1",
    credentials: CREDS,
    token: "tok-SECRET-1",
  });
  const text = [String(bedrock), JSON.stringify(bedrock), Deno.inspect(bedrock, { depth: 10 })]
    .join("\n");
  for (const secret of [SECRET, TOKEN, "tok-SECRET-1"]) assert.ok(!text.includes(secret), secret);
});

Deno.test("BedrockRuntime rejects a header member containing a line break before sending", async () => {
  const fake = fakeFetch(json({}));
  await assert.rejects(
    client(fake).invokeModel({ modelId: MODEL, body: "{}", requestMetadata: "a=b\r\nx-evil: 1" }),
    (e: unknown) => e instanceof BedrockInputError && e.field === "requestMetadata",
  );
  assert.equal(fake.requests.length, 0);
});

Deno.test("BedrockRuntime passes maxAttempts and hooks to the transport (a 429 is retried, $metadata counts it)", async () => {
  let calls = 0;
  const fake = fakeFetch(() =>
    ++calls === 1
      ? json({ message: "slow down" }, 429, { "x-amzn-errortype": "ThrottlingException" })()
      : json({ inputTokens: 5 })()
  );
  const seen: string[] = [];
  const bedrock = client(fake, {
    maxAttempts: 2,
    hooks: {
      onRequest: (c: { operation: string; attempt: number }) =>
        seen.push(`${c.operation}#${c.attempt}`),
      onRetry: (c: { kind: string }) => seen.push(`retry:${c.kind}`),
    },
  });
  const out = await bedrock.countTokens({
    modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
    input: { converse: { messages } },
  });
  assert.equal(out.inputTokens, 5);
  assert.equal(out.$metadata.attempts, 2);
  assert.deepEqual(seen, ["CountTokens#1", "retry:throttling", "CountTokens#2"]);
});

Deno.test("BedrockRuntime passes retryQuota to the transport (an empty shared bucket stops retries)", async () => {
  let calls = 0;
  const fake = fakeFetch(() => {
    calls++;
    return json({ message: "slow down" }, 429, { "x-amzn-errortype": "ThrottlingException" })();
  });
  const retryQuota = new RetryQuota(0);
  const bedrock = client(fake, { maxAttempts: 3, retryQuota });
  await assert.rejects(
    bedrock.countTokens({
      modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
      input: { converse: { messages } },
    }),
    ThrottlingException,
  );
  assert.equal(calls, 1);
});

Deno.test("BedrockRuntime with a node:crypto hashBody passes the emulator's SigV4 check with a 50 KiB image", async () => {
  const { createEmulator } = await import("../../src/emulator/mod.ts");
  const { createHash } = await import("node:crypto");
  const emulator = createEmulator();
  const image = Uint8Array.from({ length: 50 * 1024 }, (_, i) => (i * 7919) & 255);
  let hashed = 0;
  const client = new BedrockRuntime({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" },
    env: {},
    fetch: (input, init) => emulator.fetch(new Request(input, init)),
    hashBody: (body) => (hashed++, createHash("sha256").update(body).digest("hex")),
  });
  const out = await client.converse({
    modelId: MODEL,
    messages: [{
      role: "user",
      content: [{ text: "What is this?" }, { image: { format: "png", source: { bytes: image } } }],
    }],
  });
  assert.equal(out.$metadata.httpStatusCode, 200);
  assert.equal(hashed, 1);
});
