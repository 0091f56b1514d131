// In-process tests of event streams and fault injection: padding, native stream shapes per family,
// throttle counting, status faults, mid-stream exceptions, truncation, bad CRC, drop, pace, json-error.
import assert from "node:assert/strict";
import { createEmulator } from "../../src/emulator/mod.ts";
import { decodeBedrockEvents, decodeEventStream } from "../../src/eventstream/mod.ts";
import {
  EventStreamError,
  ModelStreamErrorException,
  ThrottlingException,
} from "../../src/errors.ts";
import { converseBody, modelPath } from "./_helpers.ts";

// deno-lint-ignore no-explicit-any
type Obj = Record<string, any>;
const dec = new TextDecoder();

function post(
  emulator: { fetch(r: Request): Promise<Response> },
  path: string,
  body: string,
  fault?: string,
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (fault !== undefined) headers["x-bedrock-fetch-fault"] = fault;
  return emulator.fetch(
    new Request("http://emulator.local" + path, { method: "POST", headers, body }),
  );
}

async function events(res: Response): Promise<Obj[]> {
  const out: Obj[] = [];
  for await (const e of decodeBedrockEvents(res.body!)) out.push(e);
  return out;
}

const TEXT = "The quick brown fox jumps over the lazy dog, twice over.";

Deno.test("ConverseStream arrives in small padded frames and reassembles to the reply", async () => {
  const emulator = createEmulator({ auth: false });
  const res = await post(emulator, modelPath("converse-stream"), converseBody({}, TEXT));
  assert.equal(res.headers.get("content-type"), "application/vnd.amazon.eventstream");
  const frames: Obj[] = [];
  for await (const m of decodeEventStream(res.body!)) {
    assert.equal(m.headers[":message-type"]?.value, "event");
    frames.push({ type: m.headers[":event-type"]?.value, json: JSON.parse(dec.decode(m.body)) });
  }
  assert.ok(
    frames.every((f) => typeof f.json.p === "string" && f.json.p.length > 0),
    "every payload carries p",
  );
  assert.ok(new Set(frames.map((f) => f.json.p.length)).size > 2, "padding length varies");
  const deltas = frames.filter((f) => f.type === "contentBlockDelta");
  assert.ok(deltas.length >= 5, `small frames: ${deltas.length}`);
  assert.equal(deltas.map((f) => f.json.delta.text).join(""), TEXT);
  assert.deepEqual(frames.map((f) => f.type).filter((t) => t !== "contentBlockDelta"), [
    "messageStart",
    "contentBlockStop",
    "messageStop",
    "metadata",
  ]);
});

Deno.test("ConverseStream streams toolUse input and reasoning with its signature", async () => {
  const emulator = createEmulator({ auth: false });
  const body = converseBody({
    toolConfig: {
      tools: [{
        toolSpec: {
          name: "lookup",
          inputSchema: {
            json: {
              type: "object",
              properties: { query: { type: "string" } },
              required: ["query"],
            },
          },
        },
      }],
    },
    additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 2048 } },
  });
  const all = await events(await post(emulator, modelPath("converse-stream"), body));
  const start = all.find((e) => e.contentBlockStart)!.contentBlockStart;
  assert.equal(start.start.toolUse.name, "lookup");
  assert.equal(start.contentBlockIndex, 1);
  const input = all.filter((e) => e.contentBlockDelta?.delta.toolUse).map((e) =>
    e.contentBlockDelta.delta.toolUse.input
  ).join("");
  assert.deepEqual(JSON.parse(input), { query: "example query" });
  assert.ok(
    all.some((e) => typeof e.contentBlockDelta?.delta.reasoningContent?.signature === "string"),
  );
  assert.equal(all.find((e) => e.messageStop)?.messageStop.stopReason, "tool_use");
});

const NATIVE: [string, Obj, (chunks: Obj[]) => string, (body: Obj) => string][] = [
  [
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    {
      anthropic_version: "bedrock-2023-05-31",
      max_tokens: 99,
      messages: [{ role: "user", content: [{ type: "text", text: TEXT }] }],
    },
    (c) => c.filter((x) => x.type === "content_block_delta").map((x) => x.delta.text).join(""),
    (b) => b.content[0].text,
  ],
  [
    "meta.llama3-1-8b-instruct-v1:0",
    {
      prompt:
        `<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n${TEXT}<|eot_id|><|start_header_id|>assistant<|end_header_id|>`,
    },
    (c) => c.map((x) => x.generation).join(""),
    (b) => b.generation,
  ],
  [
    "mistral.mistral-7b-instruct-v0:2",
    { prompt: `<s>[INST] ${TEXT} [/INST]` },
    (c) => c.map((x) => x.outputs[0].text).join(""),
    (b) => b.outputs[0].text,
  ],
  [
    "mistral.mistral-large-2407-v1:0",
    { messages: [{ role: "user", content: TEXT }] },
    (c) => c.map((x) => x.choices[0].delta.content).join(""),
    (b) => b.choices[0].message.content,
  ],
  [
    "amazon.nova-lite-v1:0",
    { messages: [{ role: "user", content: [{ text: TEXT }] }] },
    (c) => c.filter((x) => x.contentBlockDelta).map((x) => x.contentBlockDelta.delta.text).join(""),
    (b) => b.output.message.content[0].text,
  ],
  [
    "amazon.titan-text-express-v1",
    { inputText: TEXT },
    (c) => c.map((x) => x.outputText).join(""),
    (b) => b.results[0].outputText,
  ],
  [
    "cohere.command-r-v1:0",
    { message: TEXT },
    (c) => c.filter((x) => x.event_type === "text-generation").map((x) => x.text).join(""),
    (b) => b.text,
  ],
  [
    "openai.gpt-oss-20b-1:0",
    { messages: [{ role: "user", content: TEXT }] },
    (c) => c.map((x) => x.choices[0].delta.content).join(""),
    (b) => b.choices[0].message.content,
  ],
];

for (const [model, request, streamText, bodyText] of NATIVE) {
  Deno.test(`InvokeModel and its stream answer ${model.split(".")[0]} (${model}) in the native shape`, async () => {
    const emulator = createEmulator({ auth: false });
    const res = await post(emulator, modelPath("invoke", model), JSON.stringify(request));
    assert.equal(res.status, 200);
    assert.equal(bodyText(await res.json()), TEXT);
    const stream = await post(
      emulator,
      modelPath("invoke-with-response-stream", model),
      JSON.stringify(request),
    );
    assert.equal(stream.headers.get("x-amzn-bedrock-content-type"), "application/json");
    const chunks = (await events(stream)).map((e) =>
      JSON.parse(dec.decode(Uint8Array.from(atob(e.chunk.bytes), (c) => c.charCodeAt(0))))
    );
    assert.equal(streamText(chunks), TEXT);
    assert.ok(
      chunks.some((c) => c["amazon-bedrock-invocationMetrics"]),
      "invocation metrics in the last chunk",
    );
  });
}

Deno.test("embedding models answer deterministic vectors", async () => {
  const emulator = createEmulator({ auth: false });
  const a = await (await post(
    emulator,
    modelPath("invoke", "amazon.titan-embed-text-v2:0"),
    JSON.stringify({ inputText: "x", dimensions: 256 }),
  )).json();
  const b = await (await post(
    emulator,
    modelPath("invoke", "amazon.titan-embed-text-v2:0"),
    JSON.stringify({ inputText: "x", dimensions: 256 }),
  )).json();
  assert.equal(a.embedding.length, 256);
  assert.deepEqual(a, b);
  const c = await (await post(
    emulator,
    modelPath("invoke", "cohere.embed-english-v3"),
    JSON.stringify({ texts: ["a", "b"], input_type: "search_document" }),
  )).json();
  assert.equal(c.embeddings.length, 2);
});

Deno.test("throttle=N throttles N attempts of one call (keyed by invocation id), then serves it", async () => {
  const emulator = createEmulator({ auth: false });
  const attempt = (id: string) =>
    emulator.fetch(
      new Request("http://e" + modelPath("converse"), {
        method: "POST",
        headers: { "x-bedrock-fetch-fault": "throttle=2", "amz-sdk-invocation-id": id },
        body: converseBody(),
      }),
    );
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await attempt("call-1")).status);
  assert.deepEqual(statuses, [429, 429, 200]);
  const res = await attempt("call-2");
  assert.equal(res.status, 429);
  assert.match(res.headers.get("x-amzn-errortype")!, /^ThrottlingException/);
  const server = createEmulator({ auth: false, faults: "throttle=1" });
  const codes = [];
  for (let i = 0; i < 2; i++) {
    codes.push((await post(server, modelPath("converse"), converseBody())).status);
  }
  assert.deepEqual(codes, [429, 200]);
});

Deno.test("status=, error= and json-error faults answer the modeled JSON error", async () => {
  const emulator = createEmulator({ auth: false });
  const cases: [string, number, string][] = [
    ["status=503", 503, "ServiceUnavailableException"],
    ["status=424", 424, "ModelErrorException"],
    ["error=ModelNotReadyException", 429, "ModelNotReadyException"],
    ["json-error", 500, "InternalServerException"],
  ];
  for (const [fault, status, type] of cases) {
    const res = await post(emulator, modelPath("converse-stream"), converseBody(), fault);
    assert.equal(res.status, status, fault);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.equal(res.headers.get("x-amzn-errortype")!.split(":")[0], type);
    const json = await res.json();
    assert.equal(typeof json.message, "string");
    if (type === "ModelErrorException") assert.equal(json.originalStatusCode, 500);
  }
});

Deno.test("mid-stream-exception sends the modeled exception frame after some events", async () => {
  const emulator = createEmulator({ auth: false });
  let seen = 0;
  await assert.rejects(async () => {
    for await (
      const _ of decodeBedrockEvents(
        (await post(
          emulator,
          modelPath("converse-stream"),
          converseBody({}, TEXT),
          "mid-stream-exception=throttlingException",
        )).body!,
      )
    ) seen++;
  }, ThrottlingException);
  assert.equal(seen, 3);
  seen = 0;
  await assert.rejects(async () => {
    for await (
      const _ of decodeBedrockEvents(
        (await post(
          emulator,
          modelPath("converse-stream"),
          converseBody({}, TEXT),
          "mid-stream-exception=ModelStreamErrorException;after=1",
        )).body!,
      )
    ) seen++;
  }, (e: unknown) => e instanceof ModelStreamErrorException && e.originalStatusCode === 500);
  assert.equal(seen, 1);
});

Deno.test("truncate and bad-crc corrupt the stream; drop errors the body", async () => {
  const emulator = createEmulator({ auth: false });
  for (const fault of ["truncate", "bad-crc"]) {
    await assert.rejects(
      async () => {
        for await (
          const _ of decodeBedrockEvents(
            (await post(emulator, modelPath("converse-stream"), converseBody({}, TEXT), fault))
              .body!,
          )
        );
      },
      EventStreamError,
      fault,
    );
  }
  const res = await post(emulator, modelPath("converse-stream"), converseBody({}, TEXT), "drop");
  const reader = res.body!.getReader();
  await assert.rejects(async () => {
    for (;;) if ((await reader.read()).done) break;
  }, /connection drop/);
});

Deno.test("slow=MS and paceMs pace the frames; a cancelled stream stops", async () => {
  const emulator = createEmulator({ auth: false, paceMs: 0 });
  const t0 = performance.now();
  await events(
    await post(
      emulator,
      modelPath("converse-stream"),
      converseBody({}, "one two three"),
      "slow=15",
    ),
  );
  const slow = performance.now() - t0;
  assert.ok(slow >= 15 * 5, `slow stream took ${slow} ms`);
  const paced = createEmulator({ auth: false, paceMs: 1000 });
  const res = await post(paced, modelPath("converse-stream"), converseBody({}, TEXT));
  const reader = res.body!.getReader();
  await reader.read();
  const t1 = performance.now();
  await reader.cancel();
  assert.ok(performance.now() - t1 < 500, "cancel does not wait for the pace timer");
});
