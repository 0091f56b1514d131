// The emulator's scripted model turns Nova reasoning on for the Converse field name the chat layer
// and AWS use (`reasoningConfig`), as well as for the snake_case `reasoning_config`.
import assert from "node:assert/strict";
import { createEmulator } from "../../src/emulator/mod.ts";
import { wantsThinking } from "../../src/emulator/model.ts";
import { reasoningFields } from "../../src/chat/mod.ts";

const NOVA = "us.amazon.nova-2-lite-v1:0";

async function converse(fields: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const emulator = createEmulator({ auth: false });
  const res = await emulator.fetch(
    new Request(`http://emulator.local/model/${encodeURIComponent(NOVA)}/converse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        messages: [{ role: "user", content: [{ text: "Think about it" }] }],
        additionalModelRequestFields: fields,
      }),
    }),
  );
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json.output.message.content;
}

Deno.test("emulator reasons for Nova reasoningConfig with type enabled and maxReasoningEffort", async () => {
  const content = await converse({
    reasoningConfig: { type: "enabled", maxReasoningEffort: "low" },
  });
  assert.ok("reasoningContent" in content[0]!, JSON.stringify(content));
  const r = (content[0] as { reasoningContent: { reasoningText: { signature: string } } })
    .reasoningContent.reasoningText;
  assert.ok(r.signature.length > 20);
  assert.ok(content.some((b) => "text" in b));
});

Deno.test("emulator reasons for what the chat layer sends to Nova (reasoningFields)", async () => {
  const content = await converse(reasoningFields("nova", { effort: "high" }));
  assert.ok("reasoningContent" in content[0]!, JSON.stringify(content));
});

Deno.test("emulator still reasons for the snake_case reasoning_config", async () => {
  const content = await converse({ reasoning_config: { type: "enabled" } });
  assert.ok("reasoningContent" in content[0]!, JSON.stringify(content));
});

Deno.test("emulator does not reason when Nova reasoningConfig is absent or disabled", async () => {
  for (const fields of [{}, { reasoningConfig: { type: "disabled" } }, { reasoningConfig: "on" }]) {
    const content = await converse(fields);
    assert.ok(!content.some((b) => "reasoningContent" in b), JSON.stringify(fields));
  }
});

Deno.test("wantsThinking() accepts reasoningConfig by type or effort alone, not a disabled one", () => {
  assert.equal(wantsThinking({ reasoningConfig: { type: "enabled" } }), true);
  assert.equal(wantsThinking({ reasoningConfig: { maxReasoningEffort: "medium" } }), true);
  assert.equal(wantsThinking({ reasoning_config: { type: "enabled" } }), true);
  assert.equal(
    wantsThinking({ reasoningConfig: { type: "disabled", maxReasoningEffort: "low" } }),
    false,
  );
  assert.equal(wantsThinking({ reasoningConfig: {} }), false);
  assert.equal(wantsThinking(undefined), false);
});
