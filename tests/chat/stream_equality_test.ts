// The accumulated ConverseStream equals the Converse result for the same exchange, over real
// bytes from the emulator (two fresh emulators so that cache counts match; latency normalised).
import assert from "node:assert/strict";
import {
  buildConverseRequest,
  type ChatRequestOptions,
  type MessageInput,
  streamChat,
} from "../../src/chat/mod.ts";
import type { ScriptTurn } from "../../src/emulator/mod.ts";
import { emulated } from "./_emulator.ts";

const CLAUDE = "anthropic.claude-3-5-haiku-20241022-v1:0";
const W = {
  type: "object",
  properties: { city: { type: "string" }, days: { type: "integer" } },
  required: ["city"],
};
const history: MessageInput[] = [
  "q",
  {
    role: "assistant" as const,
    content: [{
      type: "tool-call" as const,
      id: "tooluse_1",
      name: "weather",
      input: { city: "Oslo" },
    }],
  },
  { role: "tool" as const, toolUseId: "tooluse_1", content: { tempC: -3 } },
];

const EXCHANGES: [string, Partial<ChatRequestOptions>, ScriptTurn[]?][] = [
  ["echo (Nova)", { model: "amazon.nova-lite-v1:0", messages: ["Hello"] }],
  ["echo (Claude)", { messages: ["Hello Claude"] }],
  ["system prompt", { messages: ["Hi"], system: "Be brief" }],
  ["max_tokens cut", {
    messages: ["a long request that will be cut short by the limit"],
    maxTokens: 3,
  }],
  ["stop sequence", { messages: ["alpha STOP beta"], stopSequences: ["STOP"] }],
  ["tool call built from a schema", {
    messages: ["Weather?"],
    tools: [{ name: "weather", input: W }],
  }],
  ["named tool choice", {
    messages: ["x"],
    tools: [{ name: "a", input: W }, {
      name: "b",
      input: { type: "object", properties: { n: { type: "number" } } },
    }],
    toolChoice: { name: "b" },
  }],
  ["thinking", { messages: ["Think"], reasoning: { budgetTokens: 1024 } }],
  ["thinking and a tool", {
    messages: ["Think then call"],
    reasoning: { budgetTokens: 1024 },
    tools: [{ name: "weather", input: W }],
  }],
  ["citations", {
    messages: [{
      role: "user",
      content: [{
        type: "document",
        text: "Bedrock streams events in frames.",
        name: "doc",
        citations: true,
      }, { type: "text", text: "Cite" }],
    }],
  }],
  ["structured output", {
    messages: ["JSON"],
    outputConfig: {
      textFormat: {
        type: "json_schema",
        structure: { jsonSchema: { schema: JSON.stringify(W), name: "w" } },
      },
    },
  }],
  ["a tool result answered", { messages: history, tools: [{ name: "weather", input: W }] }],
  ["multi-turn echo", { messages: ["one", ["assistant", "two"], "three"] }],
  ["gpt-oss reasoning effort", {
    model: "openai.gpt-oss-120b-1:0",
    messages: ["Reason"],
    reasoning: { effort: "low" },
  }],
  ["cache points", {
    messages: ["cache me"],
    system: "S ".repeat(300),
    cache: { system: true, lastUserTurn: "1h" },
  }],
  ["guardrail intervenes", {
    messages: ["say BLOCKED-WORD"],
    guardrail: { id: "g", version: "1" },
  }],
  ["scripted parallel tool calls", { messages: ["go"] }, [{
    content: [{ toolUse: { toolUseId: "t1", name: "a", input: { x: [1, 2, { y: "z" }] } } }, {
      toolUse: { toolUseId: "t2", name: "b", input: {} },
    }],
  }]],
  ["scripted text then tool", { messages: ["go"] }, [{
    content: [{ text: "Let me check. " }, {
      toolUse: { toolUseId: "t1", name: "a", input: { q: "ü €" } },
    }],
  }]],
  ["scripted unicode", { messages: ["go"] }, [
    "Grüße 👋🏽 日本語 — 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and emoji 🧪🧪🧪 split across many small frames",
  ]],
  ["scripted long text", { messages: ["go"] }, ["lorem ipsum dolor sit amet ".repeat(80)]],
  ["scripted stop reason malformed_tool_use", { messages: ["go"] }, [{
    content: [{ text: "oops" }],
    stopReason: "malformed_tool_use",
  }]],
  ["scripted reasoning and text", { messages: ["go"] }, [{
    content: [{ reasoningContent: { reasoningText: { text: "pondering", signature: "c2ln" } } }, {
      text: "answer",
    }],
  }]],
];

const strip = (r: Record<string, unknown>) => {
  const { $metadata: _, ...rest } = r;
  return { ...rest, metrics: { latencyMs: 0 } };
};

for (const [name, options, script] of EXCHANGES) {
  Deno.test(`streamChat().finalMessage() equals converse for: ${name}`, async () => {
    const opts = { model: CLAUDE, messages: [], ...options } as ChatRequestOptions;
    const a = emulated(script === undefined ? {} : { script });
    const b = emulated(script === undefined ? {} : { script });
    const converse = await a.client.converse(buildConverseRequest(opts).request);
    const streamed = await streamChat(b.client, opts).finalMessage();
    assert.deepStrictEqual(strip(streamed as never), strip(converse as never));
  });
}

Deno.test(`at least 20 recorded exchanges (${EXCHANGES.length})`, () =>
  assert.ok(EXCHANGES.length >= 20));
