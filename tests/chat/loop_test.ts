// The tool loop and structured output against a structural fake client (no network).
import assert from "node:assert/strict";
import type { ContentBlock, ConverseRequest, ConverseResponse } from "../../src/runtime/types.ts";
import { type ConverseClient, generateObject, runTools, tool } from "../../src/chat/mod.ts";

function fake(turns: ContentBlock[][], seen: ConverseRequest[] = []): ConverseClient {
  return {
    converse(input) {
      seen.push(structuredClone(input));
      const content = turns[Math.min(seen.length - 1, turns.length - 1)]!;
      const stopReason = content.some((b) => "toolUse" in b) ? "tool_use" : "end_turn";
      const r: ConverseResponse = {
        output: { message: { role: "assistant", content } },
        stopReason,
        usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
        metrics: { latencyMs: 1 },
      };
      return Promise.resolve(r);
    },
    converseStream: () => Promise.reject(new Error("not used")),
  };
}
const call = (id: string, name: string, input: unknown): ContentBlock => ({
  toolUse: { toolUseId: id, name, input: input as never },
});
const echo = tool({ name: "echo", input: { type: "object" }, run: (i) => i });

Deno.test("runTools() stops at maxSteps with the calls unexecuted", async () => {
  const out = await runTools(fake([[call("a", "echo", { n: 1 })]]), {
    model: "m",
    messages: ["go"],
    tools: [echo],
    maxSteps: 2,
  });
  assert.equal(out.finish, "max-steps");
  assert.equal(out.steps.length, 2);
  assert.equal(out.steps[1]!.tools.length, 0);
});

Deno.test("runTools() stops when a called tool has no run function", async () => {
  const manual = tool({ name: "manual", input: { type: "object" } });
  const out = await runTools(fake([[call("a", "manual", {})]]), {
    model: "m",
    messages: ["go"],
    tools: [manual],
  });
  assert.equal(out.finish, "no-runner");
  assert.deepStrictEqual(out.result.toolCalls, [{ id: "a", name: "manual", input: {} }]);
});

Deno.test("runTools() answers unknown tools and thrown errors with error results, and sends a toolConfig", async () => {
  const seen: ConverseRequest[] = [];
  const boom = tool({
    name: "boom",
    input: { type: "object" },
    run: () => {
      throw new TypeError("bad");
    },
  });
  const out = await runTools(
    fake([[call("a", "nope", {}), call("b", "boom", {})], [{ text: "ok" }]], seen),
    { model: "m", messages: ["go"], tools: [boom] },
  );
  assert.equal(out.finish, "done");
  assert.deepStrictEqual(seen[1]!.messages![2], {
    role: "user",
    content: [
      {
        toolResult: { toolUseId: "a", content: [{ text: 'Unknown tool "nope"' }], status: "error" },
      },
      { toolResult: { toolUseId: "b", content: [{ text: "TypeError: bad" }], status: "error" } },
    ],
  });
  assert.ok(seen[1]!.toolConfig !== undefined);
});

Deno.test("runTools() rejects a bad maxSteps naming the field", async () => {
  await assert.rejects(
    runTools(fake([]), { model: "m", messages: [], tools: [], maxSteps: 0 }),
    /Invalid maxSteps: must be an integer >= 1/,
  );
});

Deno.test("generateObject() in tool mode forces the tool; native mode sends outputConfig.textFormat", async () => {
  const seen: ConverseRequest[] = [];
  const schema = { type: "object", properties: { a: { type: "number" } } };
  const r = await generateObject(fake([[call("t", "output", { a: 1 })]], seen), {
    model: "meta.llama3-8b-instruct-v1:0",
    messages: ["x"],
    schema,
  });
  assert.deepStrictEqual(r.object, { a: 1 });
  assert.deepStrictEqual(seen[0]!.toolConfig?.toolChoice, { tool: { name: "output" } });
  const seen2: ConverseRequest[] = [];
  await generateObject(fake([[{ text: '{"a":2}' }]], seen2), {
    model: "anthropic.claude-sonnet-4-5",
    messages: ["x"],
    schema,
    name: "thing",
    description: "d",
  });
  assert.deepStrictEqual(seen2[0]!.outputConfig, {
    textFormat: {
      type: "json_schema",
      structure: {
        jsonSchema: { schema: JSON.stringify(schema), name: "thing", description: "d" },
      },
    },
  });
});

Deno.test("every StopReason of the Smithy model reaches ChatResult and the stream unchanged (never 'other')", async () => {
  const { SPEC_DIR } = await import("../_spec.ts");
  const model = JSON.parse(Deno.readTextFileSync(`${SPEC_DIR}/bedrock-runtime.smithy.json`));
  const members = model.shapes["com.amazonaws.bedrockruntime#StopReason"].members as Record<
    string,
    { traits: Record<string, string> }
  >;
  const values = Object.values(members).map((m) => m.traits["smithy.api#enumValue"]!);
  assert.equal(values.length, 9);
  const { toChatResult, ConverseAccumulator } = await import("../../src/chat/mod.ts");
  for (const stopReason of [...values, "a_future_reason"]) {
    const r = toChatResult({
      output: { message: { role: "assistant", content: [] } },
      stopReason,
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
      metrics: { latencyMs: 0 },
    });
    assert.equal(r.stopReason, stopReason);
    const acc = new ConverseAccumulator();
    acc.push({ messageStart: { role: "assistant" } });
    assert.deepStrictEqual(acc.push({ messageStop: { stopReason } }), { type: "stop", stopReason });
  }
});
