import assert from "node:assert/strict";
import { EventStreamCodec } from "@smithy/eventstream-codec";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";
import { BedrockRuntime } from "../../src/runtime/client.ts";
import { BedrockStreamError } from "../../src/errors.ts";
import type { ConverseStreamOutput } from "../../src/runtime/types.ts";
import {
  ChatStream,
  ConverseAccumulator,
  parsePartialJson,
  streamChat,
} from "../../src/chat/mod.ts";
import { FIXTURES_DIR } from "../_spec.ts";

const FIXTURE = Deno.readFileSync(`${FIXTURES_DIR}/converse-stream.bin`);
const MANIFEST = JSON.parse(Deno.readTextFileSync(`${FIXTURES_DIR}/manifest.json`));
const USAGE = { inputTokens: 3, outputTokens: 4, totalTokens: 7 };
const META: ConverseStreamOutput = { metadata: { usage: USAGE, metrics: { latencyMs: 9 } } };

function fixtureClient(): BedrockRuntime {
  return new BedrockRuntime({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    fetch: () =>
      Promise.resolve(
        new Response(FIXTURE, {
          headers: { "content-type": "application/vnd.amazon.eventstream" },
        }),
      ),
  });
}

// The fixture's tool JSON is synthetic (repeated objects), not one valid document.
const parseOrRaw = (json: string): unknown => {
  try {
    return JSON.parse(json || "{}");
  } catch {
    return json;
  }
};

/** A deliberately naive reference fold over events decoded by @smithy/eventstream-codec. */
function referenceFold(bytes: Uint8Array) {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: Record<
    number,
    { text?: string; tool?: { toolUseId: string; name: string; json: string } }
  > = {};
  let stopReason = "", usage: unknown, metrics: unknown, role = "";
  for (let off = 0; off < bytes.length;) {
    const len = view.getUint32(off);
    const msg = codec.decode(bytes.subarray(off, off + len));
    off += len;
    const type = msg.headers[":event-type"]?.value as string;
    const body = JSON.parse(toUtf8(msg.body));
    if (type === "messageStart") role = body.role;
    if (type === "contentBlockStart") {
      blocks[body.contentBlockIndex] = { tool: { ...body.start.toolUse, json: "" } };
    }
    if (type === "contentBlockDelta") {
      const b = blocks[body.contentBlockIndex] ??= {};
      if (body.delta.text !== undefined) b.text = (b.text ?? "") + body.delta.text;
      if (body.delta.toolUse !== undefined) b.tool!.json += body.delta.toolUse.input;
    }
    if (type === "messageStop") stopReason = body.stopReason;
    if (type === "metadata") usage = body.usage, metrics = body.metrics;
  }
  const content = Object.keys(blocks).map(Number).sort((a, b) => a - b).map((i) => {
    const b = blocks[i]!;
    if (b.tool) {
      return {
        toolUse: {
          toolUseId: b.tool.toolUseId,
          name: b.tool.name,
          input: parseOrRaw(b.tool.json),
        },
      };
    }
    return { text: b.text ?? "" };
  });
  return { output: { message: { role, content } }, stopReason, usage, metrics };
}

Deno.test("ChatStream over the shared converse fixture equals a reference fold and the manifest checksum", async () => {
  const stream = streamChat(fixtureClient(), {
    model: "anthropic.claude-3-5-haiku-20241022-v1:0",
    messages: ["Hi"],
    invalidToolInput: "keep",
  });
  let checksum = 0, toolDeltas = 0, last: unknown;
  const counts: Record<string, number> = {};
  for await (const e of stream) {
    counts[e.type] = (counts[e.type] ?? 0) + 1;
    if (e.type === "text") checksum += e.text.length;
    if (e.type === "tool-call-delta") {
      checksum += e.delta.length;
      if (++toolDeltas === 3) last = e.partial; // inside the first object
    }
  }
  assert.equal(checksum, MANIFEST.files["converse-stream.bin"].checksum);
  assert.equal(counts["message-start"], 1);
  assert.equal(counts["tool-call"], 1);
  assert.equal(typeof last, "object");
  const response = await stream.finalMessage();
  assert.deepStrictEqual(response, referenceFold(FIXTURE));
});

Deno.test("ConverseAccumulator keeps parallel tool calls apart and parses '' as {}", () => {
  const acc = new ConverseAccumulator();
  const events: ConverseStreamOutput[] = [
    { messageStart: { role: "assistant" } },
    {
      contentBlockStart: {
        contentBlockIndex: 0,
        start: { toolUse: { toolUseId: "a", name: "f" } },
      },
    },
    {
      contentBlockStart: {
        contentBlockIndex: 1,
        start: { toolUse: { toolUseId: "b", name: "g" } },
      },
    },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: '{"x":' } } } },
    { contentBlockDelta: { contentBlockIndex: 1, delta: { toolUse: { input: '{"y":2}' } } } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: "1}" } } } },
    {
      contentBlockStart: {
        contentBlockIndex: 2,
        start: { toolUse: { toolUseId: "c", name: "now" } },
      },
    },
    { contentBlockDelta: { contentBlockIndex: 2, delta: { toolUse: { input: "" } } } },
    { contentBlockStop: { contentBlockIndex: 1 } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { contentBlockStop: { contentBlockIndex: 2 } },
    { messageStop: { stopReason: "tool_use" } },
    META,
  ];
  const out = events.map((e) => acc.push(e));
  assert.deepStrictEqual(out[5]!.type === "tool-call-delta" && out[5].partial, { x: 1 });
  assert.deepStrictEqual(out[3]!.type === "tool-call-delta" && out[3].partial, {});
  assert.deepStrictEqual(acc.response().output, {
    message: {
      role: "assistant",
      content: [
        { toolUse: { toolUseId: "a", name: "f", input: { x: 1 } } },
        { toolUse: { toolUseId: "b", name: "g", input: { y: 2 } } },
        { toolUse: { toolUseId: "c", name: "now", input: {} } },
      ],
    },
  });
});

Deno.test("ConverseAccumulator rebuilds reasoning, redacted reasoning and citations", () => {
  const acc = new ConverseAccumulator();
  const red = new Uint8Array([1, 2, 3]);
  for (
    const e of [
      { messageStart: { role: "assistant" } },
      {
        contentBlockDelta: {
          contentBlockIndex: 0,
          delta: { reasoningContent: { text: "think " } },
        },
      },
      {
        contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "more" } } },
      },
      {
        contentBlockDelta: {
          contentBlockIndex: 0,
          delta: { reasoningContent: { signature: "SIG" } },
        },
      },
      { contentBlockStop: { contentBlockIndex: 0 } },
      {
        contentBlockDelta: {
          contentBlockIndex: 1,
          delta: { reasoningContent: { redactedContent: red } },
        },
      },
      { contentBlockStop: { contentBlockIndex: 1 } },
      { contentBlockDelta: { contentBlockIndex: 2, delta: { text: "Paris" } } },
      {
        contentBlockDelta: {
          contentBlockIndex: 2,
          delta: {
            citation: {
              title: "doc",
              sourceContent: [{ text: "P" }],
              location: { documentChar: { documentIndex: 0, start: 0, end: 5 } },
            },
          },
        },
      },
      { contentBlockStop: { contentBlockIndex: 2 } },
      { messageStop: { stopReason: "end_turn", additionalModelResponseFields: { k: 1 } } },
      {
        metadata: {
          usage: { ...USAGE, cacheReadInputTokens: 5 },
          metrics: { latencyMs: 1 },
          trace: { guardrail: {} },
        },
      },
    ] as ConverseStreamOutput[]
  ) acc.push(e);
  assert.deepStrictEqual(acc.response(), {
    output: {
      message: {
        role: "assistant",
        content: [
          { reasoningContent: { reasoningText: { text: "think more", signature: "SIG" } } },
          { reasoningContent: { redactedContent: red } },
          {
            citationsContent: {
              content: [{ text: "Paris" }],
              citations: [{
                title: "doc",
                sourceContent: [{ text: "P" }],
                location: { documentChar: { documentIndex: 0, start: 0, end: 5 } },
              }],
            },
          },
        ],
      },
    },
    stopReason: "end_turn",
    usage: { ...USAGE, cacheReadInputTokens: 5 },
    metrics: { latencyMs: 1 },
    additionalModelResponseFields: { k: 1 },
    trace: { guardrail: {} },
  });
});

const start: ConverseStreamOutput = { messageStart: { role: "assistant" } };
const ORDER: [string, ConverseStreamOutput[], string][] = [
  ["a delta before messageStart", [{
    contentBlockDelta: { contentBlockIndex: 0, delta: { text: "x" } },
  }], "contentBlockDelta (block 0) arrived before messageStart"],
  ["a second messageStart", [start, start], "a second messageStart arrived"],
  ["a tool delta before its start", [start, {
    contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: "{" } } },
  }], "toolUse delta for block 0 before its contentBlockStart"],
  [
    "mixed kinds in one block",
    [start, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "x" } } }, {
      contentBlockDelta: { contentBlockIndex: 0, delta: { reasoningContent: { text: "y" } } },
    }],
    "reasoning delta for block 0, which holds text",
  ],
  ["a delta after its stop", [
    start,
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "x" } } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "y" } } },
  ], "contentBlockDelta for block 0 after its contentBlockStop"],
  [
    "a stop for a block never started",
    [start, { contentBlockStop: { contentBlockIndex: 3 } }],
    "contentBlockStop for block 3, which never started",
  ],
  ["a block started twice", [start, {
    contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "a", name: "f" } } },
  }, {
    contentBlockStart: { contentBlockIndex: 0, start: { toolUse: { toolUseId: "a", name: "f" } } },
  }], "contentBlockStart for block 0, which already started"],
  ["a delta after messageStop", [start, { messageStop: { stopReason: "end_turn" } }, {
    contentBlockDelta: { contentBlockIndex: 0, delta: { text: "x" } },
  }], "arrived after messageStop"],
  ["invalid tool JSON at stop", [
    start,
    {
      contentBlockStart: {
        contentBlockIndex: 0,
        start: { toolUse: { toolUseId: "a", name: "f" } },
      },
    },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { toolUse: { input: "{oops" } } } },
    { contentBlockStop: { contentBlockIndex: 0 } },
  ], "Cannot parse the input of tool call a (block 0)"],
];
for (const [name, events, message] of ORDER) {
  Deno.test(`ConverseAccumulator rejects ${name}`, () => {
    const acc = new ConverseAccumulator();
    assert.throws(
      () => events.forEach((e) => acc.push(e)),
      (e: unknown) => e instanceof BedrockStreamError && e.message.includes(message),
    );
  });
}

Deno.test("ConverseAccumulator.response() without messageStop or metadata throws", () => {
  const acc = new ConverseAccumulator();
  acc.push(start);
  assert.throws(() => acc.response(), /without messageStop/);
  acc.push({ messageStop: { stopReason: "end_turn" } });
  assert.throws(() => acc.response(), /without a metadata event/);
});

Deno.test("ChatStream iterated twice throws; text(), finalMessage() and toReadableStream() agree", async () => {
  const events: ConverseStreamOutput[] = [
    start,
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hel" } } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "lo" } } },
    { contentBlockStop: { contentBlockIndex: 0 } },
    { messageStop: { stopReason: "max_tokens" } },
    META,
  ];
  const s1 = new ChatStream(() => Promise.resolve(events));
  let text = "";
  for await (const t of s1.text()) text += t;
  assert.equal(text, "Hello");
  await assert.rejects(async () => {
    for await (const _ of s1) { /* second */ }
  }, /already consumed/);
  assert.equal((await s1.finalMessage()).stopReason, "max_tokens");
  const s2 = new ChatStream(() => Promise.resolve(events));
  assert.equal(await new Response(s2.toReadableStream()).text(), "Hello");
  const s3 = new ChatStream(() => Promise.resolve(events));
  assert.deepStrictEqual((await s3.finalMessage()).output, {
    message: { role: "assistant", content: [{ text: "Hello" }] },
  });
});

Deno.test("parsePartialJson() closes strings, arrays and objects as far as valid", () => {
  const rows: [string, unknown][] = [
    ["", undefined],
    ["{", {}],
    ['{"a"', {}],
    ['{"a":', {}],
    ['{"a":"Pa', { a: "Pa" }],
    ['{"a":1,', { a: 1 }],
    ['{"a":[1,2', { a: [1, 2] }],
    ['{"a":{"b":tr', { a: {} }],
    ['[{"x":1},{"y"', [{ x: 1 }, {}]],
    ['{"a":"x\\', {}],
    ['{"a":1}', { a: 1 }],
  ];
  for (const [text, expected] of rows) {
    assert.deepStrictEqual(parsePartialJson(text), expected, text);
  }
});
