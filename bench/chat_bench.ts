// Chat layer vs @langchain/aws, same inputs, same run:
//   deno bench -A bench/chat_bench.ts
// 1. conversion: a 20-message conversation with tool calls and a 50 KiB image (given as a base64
//    data URL to both) → Converse request objects.
// 2. accumulation of the shared 10,000-event ConverseStream fixture into one message:
//    a) from pre-decoded events (accumulation only, both fed the same objects);
//    b) from the bytes (ours: BedrockRuntime + our decoder via a fake fetch; LangChain: the AWS SDK
//       client with a request handler answering the same bytes).
import { ChatBedrockConverse } from "@langchain/aws";
import { convertToConverseMessages } from "../node_modules/@langchain/aws/dist/utils/message_inputs.js";
import {
  AIMessage,
  type AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { HttpResponse } from "@smithy/protocol-http";
import { BedrockRuntime } from "../src/runtime/client.ts";
import type { ConverseStreamOutput } from "../src/runtime/types.ts";
import {
  buildConverseRequest,
  ChatStream,
  type MessageInput,
  streamChat,
} from "../src/chat/mod.ts";

// ---- 1. conversion ---------------------------------------------------------------------------
const image = new Uint8Array(50 * 1024);
image.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
for (let i = 8, x = 7; i < image.length; i++) {
  image[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
}
let bin = "";
for (const b of image) bin += String.fromCharCode(b);
const dataUrl = `data:image/png;base64,${btoa(bin)}`;

const ours: MessageInput[] = [{
  role: "user",
  content: [{ type: "text", text: "What is in this picture?" }, { type: "image", data: dataUrl }],
}];
const theirs: BaseMessage[] = [
  new SystemMessage("You are a helpful assistant."),
  new HumanMessage({
    content: [{ type: "text", text: "What is in this picture?" }, {
      type: "image_url",
      image_url: dataUrl,
    }],
  }),
];
for (let i = 1; ours.length < 20; i++) {
  if (i % 3 === 0) {
    const id = `tooluse_${i}`;
    ours.push({
      role: "assistant",
      content: [{ type: "text", text: `Calling tool ${i}.` }, {
        type: "tool-call",
        id,
        name: "lookup",
        input: { q: `query ${i}`, n: i },
      }],
    });
    ours.push({
      role: "tool",
      toolUseId: id,
      content: `result ${i}: ${"lorem ipsum ".repeat(10)}`,
    });
    theirs.push(
      new AIMessage({
        content: `Calling tool ${i}.`,
        tool_calls: [{ id, name: "lookup", args: { q: `query ${i}`, n: i } }],
      }),
    );
    theirs.push(
      new ToolMessage({ tool_call_id: id, content: `result ${i}: ${"lorem ipsum ".repeat(10)}` }),
    );
  } else {
    ours.push(["assistant", `Answer ${i}: ${"dolor sit amet ".repeat(8)}`]);
    ours.push(["user", `Follow-up question ${i}?`]);
    theirs.push(new AIMessage(`Answer ${i}: ${"dolor sit amet ".repeat(8)}`));
    theirs.push(new HumanMessage(`Follow-up question ${i}?`));
  }
}
const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const tools = [{
  name: "lookup",
  input: { type: "object", properties: { q: { type: "string" }, n: { type: "number" } } },
}];

Deno.bench({
  group: "convert 20 messages + 50 KiB image",
  name: "@langchain/aws convertToConverseMessages",
  baseline: true,
  fn: () => void convertToConverseMessages(theirs),
});
Deno.bench({
  group: "convert 20 messages + 50 KiB image",
  name: "bedrock-fetch buildConverseRequest (messages, system, tools)",
  fn: () =>
    void buildConverseRequest({
      model: MODEL,
      messages: ours,
      system: "You are a helpful assistant.",
      tools,
    }),
});

// ---- 2. accumulation -------------------------------------------------------------------------
const FIXTURE = Deno.readFileSync(
  new URL("../../shared/fixtures/converse-stream.bin", import.meta.url),
);
const eventstream = {
  "content-type": "application/vnd.amazon.eventstream",
  "x-amzn-requestid": "bench",
};
const ourClient = new BedrockRuntime({
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  fetch: () => Promise.resolve(new Response(FIXTURE, { headers: eventstream })),
});
const events: ConverseStreamOutput[] = [];
for await (const e of (await ourClient.converseStream({ modelId: MODEL, messages: [] })).stream) {
  events.push(e);
}

async function* replay<T>(list: T[]): AsyncGenerator<T> {
  for (const e of list) yield e;
}
const preDecoded = new ChatBedrockConverse({
  model: MODEL,
  region: "us-east-1",
  client: { send: () => Promise.resolve({ stream: replay(events) }) } as never,
});
const sdkClient = new BedrockRuntimeClient({
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
  requestHandler: {
    handle: () =>
      Promise.resolve({
        response: new HttpResponse({
          statusCode: 200,
          headers: eventstream,
          body: new ReadableStream({ start: (c) => (c.enqueue(FIXTURE), c.close()) }),
        }),
      }),
  } as never,
});
const fromBytes = new ChatBedrockConverse({ model: MODEL, region: "us-east-1", client: sdkClient });

async function langchainAccumulate(model: ChatBedrockConverse): Promise<number> {
  let final: AIMessageChunk | undefined;
  for await (const chunk of await model.stream([new HumanMessage("Hi")])) {
    final = final === undefined ? chunk : final.concat(chunk);
  }
  return String(final?.content ?? "").length;
}
async function langchainChunksOnly(model: ChatBedrockConverse): Promise<number> {
  let final: AIMessageChunk | undefined;
  for await (const g of model._streamResponseChunks([new HumanMessage("Hi")], {} as never)) {
    final = final === undefined
      ? g.message as AIMessageChunk
      : final.concat(g.message as AIMessageChunk);
  }
  return String(final?.content ?? "").length;
}

Deno.bench({
  group: "accumulate fixture (pre-decoded events)",
  name: "@langchain/aws ChatBedrockConverse.stream() + concat",
  baseline: true,
  fn: async () => void await langchainAccumulate(preDecoded),
});
Deno.bench({
  group: "accumulate fixture (pre-decoded events)",
  name: "@langchain/aws _streamResponseChunks + concat (no callbacks)",
  fn: async () => void await langchainChunksOnly(preDecoded),
});
Deno.bench({
  group: "accumulate fixture (pre-decoded events)",
  name: "bedrock-fetch ChatStream.finalMessage()",
  fn: async () =>
    void await new ChatStream(() => Promise.resolve(events), { invalidToolInput: "keep" })
      .finalMessage(),
});
Deno.bench({
  group: "accumulate fixture (from bytes)",
  name: "@langchain/aws ChatBedrockConverse.stream() + concat over the AWS SDK",
  baseline: true,
  fn: async () => void await langchainAccumulate(fromBytes),
});
Deno.bench({
  group: "accumulate fixture (from bytes)",
  name: "bedrock-fetch streamChat().finalMessage() over BedrockRuntime",
  fn: async () =>
    void await streamChat(ourClient, { model: MODEL, messages: ["Hi"], invalidToolInput: "keep" })
      .finalMessage(),
});

// Sanity (not timed): both sides accumulate the same text from the same events.
{
  const ourText = (await new ChatStream(() => Promise.resolve(events), { invalidToolInput: "keep" })
    .finalMessage())
    .output as { message: { content: { text?: string }[] } };
  const expected = ourText.message.content[0]?.text?.length ?? -1;
  const [a, b] = [await langchainAccumulate(preDecoded), await langchainAccumulate(fromBytes)];
  if (a !== expected || b !== expected) {
    throw new Error(`Cannot compare: text lengths differ (${expected}, ${a}, ${b})`);
  }
  const converted =
    buildConverseRequest({ model: MODEL, messages: ours, system: "x" }).request.messages ?? [];
  const lc = convertToConverseMessages(theirs).converseMessages;
  if (converted.length !== lc.length) {
    throw new Error(`Cannot compare: ${converted.length} vs ${lc.length} Converse messages`);
  }
}
