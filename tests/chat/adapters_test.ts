// InvokeModel adapters: native bodies, and streaming text through the emulator's native shapes.
import assert from "node:assert/strict";
import {
  anthropic,
  cohere,
  deepseek,
  type InvokeAdapter,
  invokeChat,
  type InvokeChatOptions,
  type InvokeEvent,
  invokeStream,
  meta,
  mistral,
  nova,
  openai,
  titan,
} from "../../src/chat/mod.ts";
import { emulated } from "./_emulator.ts";

const ADAPTERS: [string, InvokeAdapter, string, (text: string) => boolean][] = [
  [
    "Anthropic Messages",
    anthropic as InvokeAdapter,
    "anthropic.claude-3-5-haiku-20241022-v1:0",
    (t) => t === "Hello adapters",
  ],
  ["Meta Llama", meta, "meta.llama3-8b-instruct-v1:0", (t) => t === "Hello adapters"],
  [
    "Mistral [INST]",
    mistral as InvokeAdapter,
    "mistral.mistral-7b-instruct-v0:2",
    (t) => t === "Hello adapters",
  ],
  [
    "Mistral chat",
    mistral as InvokeAdapter,
    "mistral.mistral-large-2407-v1:0",
    (t) => t === "Hello adapters",
  ],
  ["Amazon Nova", nova as InvokeAdapter, "amazon.nova-micro-v1:0", (t) => t === "Hello adapters"],
  [
    "Amazon Titan",
    titan,
    "amazon.titan-text-express-v1",
    (t) => t.includes("User: Hello adapters"),
  ],
  ["Cohere", cohere, "cohere.command-r-v1:0", (t) => t === "Hello adapters"],
  ["DeepSeek", deepseek, "deepseek.r1-v1:0", (t) => t.includes("Hello adapters")],
  [
    "OpenAI gpt-oss",
    openai as InvokeAdapter,
    "openai.gpt-oss-20b-1:0",
    (t) => t === "Hello adapters",
  ],
];

for (const [name, adapter, model, check] of ADAPTERS) {
  Deno.test(`${name} adapter streams text and usage through InvokeModelWithResponseStream, and parses InvokeModel`, async () => {
    const { client } = emulated();
    const options: InvokeChatOptions = { model, messages: ["Hello adapters"], maxTokens: 200 };
    const events: InvokeEvent[] = [];
    for await (const e of invokeStream(client, adapter, options)) events.push(e);
    const text = events.map((e) => e.type === "text" ? e.text : "").join("");
    assert.ok(check(text), `streamed text: ${JSON.stringify(text)}`);
    assert.ok(events.filter((e) => e.type === "text").length >= 1);
    const stop = events.find((e) => e.type === "stop");
    assert.equal(stop?.type === "stop" && stop.stopReason, "end_turn");
    const usage = events.find((e) => e.type === "usage");
    assert.ok(usage?.type === "usage" && (usage.outputTokens ?? 0) > 0, "usage event");
    const r = await invokeChat(client, adapter, options);
    assert.equal(r.text, text);
    assert.equal(r.stopReason, "end_turn");
  });
}

Deno.test("Anthropic adapter: tools, thinking with signature, cache_control and betas", async () => {
  const { client } = emulated();
  const body = anthropic.body({
    model: "m",
    messages: ["Hi", ["assistant", "Yo"], {
      role: "user",
      content: [{ type: "text", text: "More" }, { type: "cache", ttl: "1h" }],
    }],
    system: "Sys",
    tools: [{
      name: "weather",
      input: { type: "object", properties: { city: { type: "string" } } },
    }],
    toolChoice: "any",
    thinkingBudget: 1024,
    betas: ["context-1m-2025-08-07"],
    cache: { system: true, tools: true },
    maxTokens: 2048,
  });
  assert.deepStrictEqual(body, {
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 2048,
    messages: [
      { role: "user", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: [{ type: "text", text: "Yo" }] },
      {
        role: "user",
        content: [{ type: "text", text: "More", cache_control: { type: "ephemeral", ttl: "1h" } }],
      },
    ],
    system: [{ type: "text", text: "Sys", cache_control: { type: "ephemeral" } }],
    tools: [{
      name: "weather",
      input_schema: { type: "object", properties: { city: { type: "string" } } },
      cache_control: { type: "ephemeral" },
    }],
    tool_choice: { type: "any" },
    thinking: { type: "enabled", budget_tokens: 1024 },
    anthropic_beta: ["context-1m-2025-08-07"],
  });
  const events: InvokeEvent[] = [];
  for await (
    const e of invokeStream(client, anthropic, {
      model: "anthropic.claude-sonnet-4-20250514-v1:0",
      messages: ["Weather?"],
      maxTokens: 2048,
      thinkingBudget: 1024,
      tools: [{
        name: "weather",
        input: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      }],
    })
  ) events.push(e);
  const types = events.map((e) => e.type);
  assert.ok(types.includes("reasoning") && types.includes("reasoning-signature"));
  const call = events.find((e) => e.type === "tool-call");
  assert.ok(
    call?.type === "tool-call" && call.name === "weather" &&
      typeof (call.input as { city: unknown }).city === "string",
  );
  assert.equal(
    (events.find((e) => e.type === "stop") as { stopReason: string }).stopReason,
    "tool_use",
  );
});

Deno.test("native bodies: Meta, Mistral, Titan, Cohere, DeepSeek, Nova, gpt-oss", () => {
  const o: InvokeChatOptions = {
    model: "x",
    system: "S",
    messages: ["a", ["assistant", "b"], "c"],
    maxTokens: 9,
    temperature: 0,
  };
  assert.deepStrictEqual(meta.body(o), {
    prompt:
      "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|><|start_header_id|>user<|end_header_id|>\n\na<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nb<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nc<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    max_gen_len: 9,
    temperature: 0,
  });
  assert.deepStrictEqual(mistral.body({ ...o, model: "mistral.mistral-7b-instruct-v0:2" }), {
    prompt: "<s>[INST] S\n\na [/INST] b</s>[INST] c [/INST]",
    max_tokens: 9,
    temperature: 0,
  });
  assert.deepStrictEqual(titan.body(o), {
    inputText: "S\nUser: a\nBot: b\nUser: c\nBot:",
    textGenerationConfig: { maxTokenCount: 9, temperature: 0 },
  });
  assert.deepStrictEqual(cohere.body(o), {
    message: "c",
    chat_history: [{ role: "USER", message: "a" }, { role: "CHATBOT", message: "b" }],
    preamble: "S",
    max_tokens: 9,
    temperature: 0,
  });
  assert.deepStrictEqual(deepseek.body(o), {
    prompt:
      "<｜begin▁of▁sentence｜>S<｜User｜>a<｜Assistant｜>b<｜end▁of▁sentence｜><｜User｜>c<｜Assistant｜>",
    max_tokens: 9,
    temperature: 0,
  });
  assert.deepStrictEqual(nova.body(o), {
    schemaVersion: "messages-v1",
    messages: [{ role: "user", content: [{ text: "a" }] }, {
      role: "assistant",
      content: [{ text: "b" }],
    }, { role: "user", content: [{ text: "c" }] }],
    system: [{ text: "S" }],
    inferenceConfig: { maxTokens: 9, temperature: 0 },
  });
  assert.deepStrictEqual(openai.body({ ...o, reasoningEffort: "low" }), {
    messages: [{ role: "system", content: "S" }, { role: "user", content: "a" }, {
      role: "assistant",
      content: "b",
    }, { role: "user", content: "c" }],
    max_completion_tokens: 9,
    temperature: 0,
    reasoning_effort: "low",
  });
});

Deno.test("DeepSeek splits <think> reasoning from text across chunk boundaries", () => {
  const parse = deepseek.chunks();
  const events = ["<thi", "nk>plan", " it</th", "ink>\n\nAns", "wer"].flatMap((t) =>
    parse({ choices: [{ text: t, stop_reason: null }] })
  );
  assert.deepStrictEqual(
    events.filter((e) => e.type === "reasoning").map((e) => (e as { text: string }).text).join(""),
    "plan it",
  );
  assert.deepStrictEqual(
    events.filter((e) => e.type === "text").map((e) => (e as { text: string }).text).join(""),
    "Answer",
  );
});

Deno.test("adapter stop reasons map to Converse values and unknown ones are kept", () => {
  assert.equal(
    titan.parse({ results: [{ outputText: "", completionReason: "CONTENT_FILTERED" }] }).stopReason,
    "content_filtered",
  );
  assert.equal(meta.parse({ generation: "", stop_reason: "length" }).stopReason, "max_tokens");
  assert.equal(cohere.parse({ text: "", finish_reason: "ERROR_LIMIT" }).stopReason, "ERROR_LIMIT");
  assert.equal(
    anthropic.parse({ content: [], stop_reason: "refusal" }).stopReason,
    "content_filtered",
  );
  assert.equal(
    openai.parse({ choices: [{ message: { content: "" }, finish_reason: "tool_calls" }] })
      .stopReason,
    "tool_use",
  );
});

Deno.test("Anthropic adapter parses citations in responses and citations_delta in streams", () => {
  const r = anthropic.parse({
    content: [{
      type: "text",
      text: "Tall.",
      citations: [{
        type: "char_location",
        cited_text: "330 m",
        document_index: 0,
        document_title: "facts",
        start_char_index: 4,
        end_char_index: 9,
      }],
    }],
    stop_reason: "end_turn",
    usage: { input_tokens: 5, output_tokens: 2 },
  });
  assert.equal(r.text, "Tall.");
  assert.deepStrictEqual(r.message?.content, [{
    citationsContent: {
      content: [{ text: "Tall." }],
      citations: [{
        title: "facts",
        sourceContent: [{ text: "330 m" }],
        location: { documentChar: { documentIndex: 0, start: 4, end: 9 } },
      }],
    },
  }]);
  const parse = anthropic.chunks();
  const c = { type: "char_location", cited_text: "x" };
  assert.deepStrictEqual(
    parse({
      type: "content_block_delta",
      index: 0,
      delta: { type: "citations_delta", citation: c },
    }),
    [{ type: "citation", citation: c }],
  );
});
