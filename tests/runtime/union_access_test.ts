// Code written against @aws-sdk/client-bedrock-runtime reads unions with optional chaining; the
// generated unions declare the other members absent (`?: never`) so that it type-checks here too.
import assert from "node:assert/strict";
import type { ContentBlock, ConverseStreamOutput, ResponseStream } from "../../mod.ts";

Deno.test("wire unions allow SDK-style optional chaining without narrowing", () => {
  const events: ConverseStreamOutput[] = [
    { messageStart: { role: "assistant" } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "Hel" } } },
    { contentBlockDelta: { contentBlockIndex: 0, delta: { text: "lo" } } },
    { messageStop: { stopReason: "end_turn" } },
  ];
  let text = "";
  for (const event of events) text += event.contentBlockDelta?.delta?.text ?? "";
  assert.equal(text, "Hello");
  assert.equal(events.at(-1)?.messageStop?.stopReason, "end_turn");
  const blocks: ContentBlock[] = [{ text: "x" }, {
    toolUse: { toolUseId: "t", name: "f", input: {} },
  }];
  assert.deepEqual(blocks.map((b) => b.toolUse?.name ?? b.text), ["x", "f"]);
  const chunks: ResponseStream[] = [{ chunk: { bytes: new Uint8Array([1]) } }];
  assert.equal(chunks[0]?.chunk?.bytes?.length, 1);
});
