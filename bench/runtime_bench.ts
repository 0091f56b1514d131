// Whole-call benchmarks of BedrockRuntime vs @aws-sdk/client-bedrock-runtime (same bytes, same
// process, no network), and base64 of a 50 KiB image: native vs fallback (table encoder, atob) vs
// node:buffer.
// Run: deno bench -A bench/runtime_bench.ts
import { Buffer } from "node:buffer";
import { Readable } from "node:stream";
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { BedrockRuntime, type BodyHasher } from "../mod.ts";
import { createHash } from "node:crypto";
import {
  fromBase64,
  fromBase64Fallback,
  toBase64,
  toBase64Fallback,
} from "../src/runtime/base64.ts";
import { FIXTURES_DIR } from "../tests/_spec.ts";

/** The SDK accepts any object of HttpResponse's shape (it checks statusCode and headers). */
function httpResponse(r: { statusCode: number; headers: Record<string, string>; body: unknown }) {
  return { reason: undefined, ...r };
}

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example-key" };
const REGION = "us-east-1";
const MODEL = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
const CHUNK = 64 * 1024;

const streamBytes = Deno.readFileSync(`${FIXTURES_DIR}/converse-stream.bin`);
const chunks: Uint8Array[] = [];
for (let i = 0; i < streamBytes.length; i += CHUNK) chunks.push(streamBytes.subarray(i, i + CHUNK));
const EXPECTED_CHECKSUM = 225704;

function ourClient(reply: () => Response, hashBody?: BodyHasher): BedrockRuntime {
  return new BedrockRuntime({
    hashBody,
    region: REGION,
    credentials: CREDENTIALS,
    env: {},
    fetch: ((_input: unknown, init?: RequestInit) => {
      // Read the body like a real fetch would (it is a string or bytes here).
      void init?.body;
      return Promise.resolve(reply());
    }) as typeof fetch,
  });
}

function sdkClient(reply: () => ReturnType<typeof httpResponse>): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: REGION,
    credentials: CREDENTIALS,
    requestHandler: {
      handle: () => Promise.resolve({ response: reply() }),
      // deno-lint-ignore no-explicit-any
    } as any,
  });
}

const streamResponse = () => {
  let i = 0;
  return new Response(
    new ReadableStream<Uint8Array>({
      pull(c) {
        if (i < chunks.length) c.enqueue(chunks[i++]!);
        else c.close();
      },
    }),
    { status: 200, headers: { "content-type": "application/vnd.amazon.eventstream" } },
  );
};
const STREAM_HEADERS = {
  "content-type": "application/vnd.amazon.eventstream",
  "x-amzn-requestid": "rid",
};

// deno-lint-ignore no-explicit-any
function checksum(event: any): number {
  const d = event.contentBlockDelta?.delta;
  return d ? (d.text ?? "").length + (d.toolUse?.input ?? "").length : 0;
}

const ours = ourClient(streamResponse);
const sdk = sdkClient(() =>
  httpResponse({ statusCode: 200, headers: STREAM_HEADERS, body: Readable.from(chunks) })
);
const streamInput = { modelId: MODEL, messages: [{ role: "user", content: [{ text: "Hi" }] }] };

Deno.bench({
  group: "converseStream whole path (10,000 events, 64 KiB chunks)",
  name: "@aws-sdk/client-bedrock-runtime ConverseStreamCommand",
  baseline: true,
  async fn() {
    const out = await sdk.send(new ConverseStreamCommand(streamInput as never));
    let sum = 0;
    for await (const e of out.stream!) sum += checksum(e);
    if (sum !== EXPECTED_CHECKSUM) throw new Error(`checksum ${sum}`);
  },
});

Deno.bench({
  group: "converseStream whole path (10,000 events, 64 KiB chunks)",
  name: "bedrock-fetch BedrockRuntime.converseStream",
  async fn() {
    const out = await ours.converseStream(streamInput as never);
    let sum = 0;
    for await (const e of out.stream) sum += checksum(e);
    if (sum !== EXPECTED_CHECKSUM) throw new Error(`checksum ${sum}`);
  },
});

// --- converse: 20 messages with tool calls and a 50 KiB image ---------------------------------
const image = Uint8Array.from({ length: 50 * 1024 }, (_, i) => (i * 7919) & 255);
const messages: unknown[] = [];
for (let i = 0; i < 10; i++) {
  if (i === 0) {
    messages.push({
      role: "user",
      content: [{ text: "What is in this image?" }, {
        image: { format: "png", source: { bytes: image } },
      }],
    });
  } else {
    messages.push({
      role: "user",
      content: [{
        toolResult: {
          toolUseId: `t${i}`,
          content: [{ json: { temperature: 20 + i, unit: "C", city: "Paris" } }],
        },
      }],
    });
  }
  messages.push({
    role: "assistant",
    content: [
      { text: `Let me check step ${i}.` },
      {
        toolUse: { toolUseId: `t${i + 1}`, name: "get_weather", input: { city: "Paris", day: i } },
      },
    ],
  });
}
const converseInput = {
  modelId: MODEL,
  messages,
  system: [{ text: "You are a weather assistant." }],
  toolConfig: {
    tools: [{
      toolSpec: {
        name: "get_weather",
        description: "Weather for a city",
        inputSchema: { json: { type: "object", properties: { city: { type: "string" } } } },
      },
    }],
  },
  inferenceConfig: { maxTokens: 512 },
};
const REPLY = new TextEncoder().encode(JSON.stringify({
  output: { message: { role: "assistant", content: [{ text: "It is sunny in Paris." }] } },
  stopReason: "end_turn",
  usage: { inputTokens: 1500, outputTokens: 8, totalTokens: 1508 },
  metrics: { latencyMs: 400 },
}));
const JSON_HEADERS = { "content-type": "application/json", "x-amzn-requestid": "rid" };
const oursConverse = ourClient(() => new Response(REPLY, { status: 200, headers: JSON_HEADERS }));
// The same client hashing bodies with node:crypto, as the AWS SDK does on Deno, Node and Bun (the
// `hashBody` option; the default uses Web Crypto, since the library itself uses Web APIs only).
const oursConverseNodeHash = ourClient(
  () => new Response(REPLY, { status: 200, headers: JSON_HEADERS }),
  (body) => createHash("sha256").update(body).digest("hex"),
);
const sdkConverse = sdkClient(() =>
  httpResponse({ statusCode: 200, headers: JSON_HEADERS, body: Readable.from([REPLY]) })
);

Deno.bench({
  group: "converse whole call (20 messages, tool calls, 50 KiB image)",
  name: "@aws-sdk/client-bedrock-runtime ConverseCommand",
  baseline: true,
  async fn() {
    const out = await sdkConverse.send(new ConverseCommand(converseInput as never));
    if (out.stopReason !== "end_turn") throw new Error("bad reply");
  },
});

for (
  const [suffix, client] of [["", oursConverse], [
    ", hashBody = node:crypto",
    oursConverseNodeHash,
  ]] as const
) {
  Deno.bench({
    group: "converse whole call (20 messages, tool calls, 50 KiB image)",
    name: `bedrock-fetch BedrockRuntime.converse${suffix}`,
    async fn() {
      const out = await client.converse(converseInput as never);
      if (out.stopReason !== "end_turn") throw new Error("bad reply");
    },
  });
}

// The floor of any SigV4 client on this runtime: the native work the call cannot skip (base64 of
// the image, JSON text of the body, its UTF-8 bytes and the Web Crypto SHA-256 of them). The
// ceiling of the ratio above is the SDK's time divided by this one.
const FLOOR_BODY = { ...converseInput, modelId: undefined };
Deno.bench({
  group: "converse whole call (20 messages, tool calls, 50 KiB image)",
  name: "floor: base64 + JSON.stringify + TextEncoder + crypto.subtle.digest of the body",
  async fn() {
    const text = JSON.stringify(FLOOR_BODY, (_k, v) => v instanceof Uint8Array ? toBase64(v) : v);
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  },
});

// --- base64 of a 50 KiB image ------------------------------------------------------------------
const b64 = Buffer.from(image).toString("base64");
if (toBase64Fallback(image) !== b64 || toBase64(image) !== b64) throw new Error("base64 mismatch");

Deno.bench({
  group: "base64 encode 50 KiB",
  name: "node:buffer Buffer.toString('base64')",
  baseline: true,
  fn: () => void Buffer.from(image.buffer, image.byteOffset, image.length).toString("base64"),
});
Deno.bench({
  group: "base64 encode 50 KiB",
  name: "toBase64 (native)",
  fn: () => void toBase64(image),
});
Deno.bench({
  group: "base64 encode 50 KiB",
  name: "toBase64Fallback (table)",
  fn: () => void toBase64Fallback(image),
});
Deno.bench({
  group: "base64 decode 50 KiB",
  name: "node:buffer Buffer.from(text, 'base64')",
  baseline: true,
  fn: () => void Buffer.from(b64, "base64"),
});
Deno.bench({
  group: "base64 decode 50 KiB",
  name: "fromBase64 (native)",
  fn: () => void fromBase64(b64),
});
Deno.bench({
  group: "base64 decode 50 KiB",
  name: "fromBase64Fallback (atob)",
  fn: () => void fromBase64Fallback(b64),
});
