// Converse output → friendly parts, and friendly → Converse → friendly round trips.
import assert from "node:assert/strict";
import type { ContentBlock, Message } from "../../src/runtime/types.ts";
import {
  blockToPart,
  fromConverseMessage,
  messageText,
  toConverseMessages,
} from "../../src/chat/mod.ts";

const RED = new Uint8Array([9, 8, 7]);
const CASES: [string, ContentBlock, unknown][] = [
  ["text", { text: "Hi" }, { type: "text", text: "Hi" }],
  ["toolUse", { toolUse: { toolUseId: "t", name: "f", input: { a: 1 } } }, {
    type: "tool-call",
    id: "t",
    name: "f",
    input: { a: 1 },
  }],
  ["server toolUse keeps its type", {
    toolUse: { toolUseId: "t", name: "web", input: {}, type: "server_tool_use" },
  }, { type: "tool-call", id: "t", name: "web", input: {}, toolType: "server_tool_use" }],
  ["reasoning with signature", {
    reasoningContent: { reasoningText: { text: "r", signature: "s" } },
  }, { type: "reasoning", text: "r", signature: "s" }],
  ["reasoning without signature", { reasoningContent: { reasoningText: { text: "r" } } }, {
    type: "reasoning",
    text: "r",
  }],
  ["redacted reasoning", { reasoningContent: { redactedContent: RED } }, {
    type: "reasoning",
    redacted: RED,
  }],
  ["citationsContent", {
    citationsContent: { content: [{ text: "a" }, { text: "b" }], citations: [{ title: "T" }] },
  }, { type: "citations", text: "ab", citations: [{ title: "T" }] }],
  ["cachePoint", { cachePoint: { type: "default", ttl: "1h" } }, { type: "cache", ttl: "1h" }],
  ["image passes through", { image: { format: "png", source: { bytes: RED } } }, {
    image: { format: "png", source: { bytes: RED } },
  }],
  ["toolResult passes through", { toolResult: { toolUseId: "t", content: [{ text: "x" }] } }, {
    toolResult: { toolUseId: "t", content: [{ text: "x" }] },
  }],
  ["unknown members pass through", { $unknown: ["newBlock", { a: 1 }] }, {
    $unknown: ["newBlock", { a: 1 }],
  }],
];

for (const [name, block, expected] of CASES) {
  Deno.test(`blockToPart(): ${name}`, () => assert.deepStrictEqual(blockToPart(block), expected));
}

Deno.test("fromConverseMessage() → toConverseMessages() gives the same blocks back (reasoning exact)", () => {
  const message: Message = {
    role: "assistant",
    content: [
      { reasoningContent: { reasoningText: { text: "think", signature: "SIG==" } } },
      { reasoningContent: { redactedContent: RED } },
      { text: "answer" },
      { toolUse: { toolUseId: "t1", name: "f", input: { x: [1] } } },
      { citationsContent: { content: [{ text: "c" }], citations: [{ title: "T" }] } },
    ],
  };
  const friendly = fromConverseMessage(message);
  const back = toConverseMessages(["q", friendly]).messages[1];
  assert.deepStrictEqual(back, message);
  assert.equal(messageText(message), "answerc");
});
