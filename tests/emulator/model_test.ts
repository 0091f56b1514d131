// In-process tests of the scripted model through createEmulator().fetch: echo, script, tools,
// reasoning signatures, citations, structured output, caching and token consistency.
import assert from "node:assert/strict";
import { createEmulator } from "../../src/emulator/mod.ts";
import { decodeBedrockEvents } from "../../src/eventstream/mod.ts";
import { converseBody, MODEL, modelPath } from "./_helpers.ts";

// deno-lint-ignore no-explicit-any
type Obj = Record<string, any>;

const BASE = "http://emulator.local";

function post(
  emulator: { fetch(r: Request): Promise<Response> },
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return emulator.fetch(
    new Request(BASE + path, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function converse(
  emulator: { fetch(r: Request): Promise<Response> },
  body: unknown,
): Promise<Obj> {
  const res = await post(emulator, modelPath("converse"), body);
  const json = await res.json();
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

Deno.test("emulator echoes the last user text and accepts the default bearer token", async () => {
  const emulator = createEmulator();
  const res = await post(emulator, modelPath("converse"), converseBody({}, "Echo me"), {
    authorization: "Bearer emulator-token",
  });
  assert.equal(res.status, 200);
  const json = await res.json();
  assert.equal(json.output.message.content[0].text, "Echo me");
  assert.equal(json.stopReason, "end_turn");
  assert.ok(res.headers.get("x-amzn-requestid"));
  assert.equal(typeof json.metrics.latencyMs, "number");
});

Deno.test("emulator plays a script turn by turn and honours maxTokens and stop sequences", async () => {
  const emulator = createEmulator({
    auth: false,
    script: ["first", { content: [{ text: "second" }], stopReason: "end_turn" }],
  });
  assert.equal(
    (await converse(emulator, JSON.parse(converseBody()))).output.message.content[0].text,
    "first",
  );
  const two = {
    messages: [{ role: "user", content: [{ text: "a" }] }, {
      role: "assistant",
      content: [{ text: "first" }],
    }, { role: "user", content: [{ text: "b" }] }],
  };
  assert.equal((await converse(emulator, two)).output.message.content[0].text, "second");
  emulator.setScript(undefined);
  const capped = await converse(
    emulator,
    JSON.parse(converseBody({ inferenceConfig: { maxTokens: 2 } }, "a rather long sentence here")),
  );
  assert.equal(capped.stopReason, "max_tokens");
  assert.equal(capped.output.message.content[0].text, "a rather");
  const stopped = await converse(
    emulator,
    JSON.parse(converseBody({ inferenceConfig: { stopSequences: ["STOP"] } }, "go STOP now")),
  );
  assert.equal(stopped.stopReason, "stop_sequence");
  assert.equal(stopped.output.message.content[0].text, "go ");
});

Deno.test("emulator calls an offered tool with schema-valid arguments, then answers its result", async () => {
  const emulator = createEmulator({ auth: false });
  const json = {
    type: "object",
    properties: {
      city: { type: "string", minLength: 3 },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      days: { type: "integer", minimum: 2, maximum: 5 },
      tags: { type: "array", items: { type: "string" }, minItems: 2 },
      when: { $ref: "#/$defs/when" },
    },
    required: ["city", "unit"],
    $defs: { when: { type: "string", format: "date" } },
  };
  const toolConfig = {
    tools: [{ toolSpec: { name: "get_weather", inputSchema: { json } } }],
    toolChoice: { any: {} },
  };
  const first = await converse(emulator, {
    ...JSON.parse(converseBody({}, "Weather?")),
    toolConfig,
  });
  assert.equal(first.stopReason, "tool_use");
  const use = first.output.message.content[0].toolUse;
  assert.equal(use.name, "get_weather");
  assert.deepEqual(use.input, {
    city: "example city",
    unit: "celsius",
    days: 2,
    tags: ["example tags", "example tags"],
    when: "2025-01-01",
  });
  const second = await converse(emulator, {
    toolConfig,
    messages: [
      { role: "user", content: [{ text: "Weather?" }] },
      { role: "assistant", content: [{ toolUse: use }] },
      {
        role: "user",
        content: [{ toolResult: { toolUseId: use.toolUseId, content: [{ json: { temp: 21 } }] } }],
      },
    ],
  });
  assert.equal(second.stopReason, "end_turn");
  assert.equal(second.output.message.content[0].text, 'The tool returned: {"temp":21}');
});

Deno.test("emulator signs reasoning, accepts it back unchanged and rejects it altered", async () => {
  const emulator = createEmulator({ auth: false });
  const thinking = {
    additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
  };
  const first = await converse(emulator, JSON.parse(converseBody(thinking, "Think")));
  const reasoning = first.output.message.content[0].reasoningContent.reasoningText;
  assert.match(reasoning.text, /Think/);
  assert.ok(reasoning.signature.length > 20);
  const history = (text: string) => ({
    ...thinking,
    messages: [
      { role: "user", content: [{ text: "Think" }] },
      {
        role: "assistant",
        content: [
          { reasoningContent: { reasoningText: { text, signature: reasoning.signature } } },
          first.output.message.content[1],
        ],
      },
      { role: "user", content: [{ text: "Again" }] },
    ],
  });
  assert.equal((await post(emulator, modelPath("converse"), history(reasoning.text))).status, 200);
  const altered = await post(emulator, modelPath("converse"), history(reasoning.text + " "));
  assert.equal(altered.status, 400);
  assert.match(
    (await altered.json()).message,
    /messages\.1\.content\.0\.reasoningContent\.reasoningText\.signature/,
  );
  const other = createEmulator({ auth: false, signingKey: "other" });
  assert.equal(
    (await post(other, modelPath("converse"), history(reasoning.text))).status,
    400,
    "a signature from another key is rejected",
  );
});

Deno.test("emulator cites documents that enable citations", async () => {
  const emulator = createEmulator({ auth: false });
  const res = await converse(emulator, {
    messages: [{
      role: "user",
      content: [{
        document: {
          name: "Manual",
          format: "txt",
          source: { text: "The sky is blue because of Rayleigh scattering." },
          citations: { enabled: true },
        },
      }, { text: "Why?" }],
    }],
  });
  const c = res.output.message.content[0].citationsContent;
  assert.equal(c.citations[0].title, "Manual");
  assert.deepEqual(c.citations[0].location, {
    documentChar: { documentIndex: 0, start: 0, end: 47 },
  });
  assert.match(c.content[0].text, /Rayleigh/);
});

Deno.test("emulator answers outputConfig json_schema with JSON that satisfies the schema", async () => {
  const emulator = createEmulator({ auth: false });
  const schema = {
    type: "object",
    properties: {
      name: { type: "string" },
      age: { type: "integer", minimum: 18 },
      tier: { enum: ["gold", "silver"] },
      ok: { type: "boolean" },
    },
    required: ["name", "age", "tier", "ok"],
    additionalProperties: false,
  };
  const res = await converse(
    emulator,
    JSON.parse(
      converseBody({
        outputConfig: {
          textFormat: {
            type: "json_schema",
            structure: { jsonSchema: { schema: JSON.stringify(schema), name: "person" } },
          },
        },
      }),
    ),
  );
  const value = JSON.parse(res.output.message.content[0].text);
  assert.deepEqual(Object.keys(value).sort(), ["age", "name", "ok", "tier"]);
  assert.ok(Number.isInteger(value.age) && value.age >= 18);
  assert.equal(value.tier, "gold");
  assert.equal(typeof value.name, "string");
  assert.equal(value.ok, true);
});

Deno.test("emulator writes then reads the cache, and CountTokens, Converse usage and stream metadata agree", async () => {
  const emulator = createEmulator({ auth: false });
  const body = {
    system: [{ text: "You are a careful assistant. ".repeat(40) }, {
      cachePoint: { type: "default" },
    }],
    messages: [{ role: "user", content: [{ text: "Question one" }] }],
  };
  const count =
    await (await post(emulator, modelPath("count-tokens"), { input: { converse: body } })).json();
  const first = await converse(emulator, body);
  const second = await converse(emulator, body);
  assert.ok(first.usage.cacheWriteInputTokens > 200);
  assert.equal(first.usage.cacheReadInputTokens, 0);
  assert.equal(second.usage.cacheReadInputTokens, first.usage.cacheWriteInputTokens);
  assert.equal(second.usage.cacheWriteInputTokens, 0);
  assert.equal(first.usage.inputTokens + first.usage.cacheWriteInputTokens, count.inputTokens);
  assert.equal(first.usage.totalTokens, count.inputTokens + first.usage.outputTokens);
  const stream = await post(emulator, modelPath("converse-stream"), body);
  let usage: Obj | undefined;
  for await (const e of decodeBedrockEvents(stream.body!)) {
    if (e.metadata) usage = (e.metadata as Obj).usage;
  }
  assert.equal(usage?.inputTokens + usage?.cacheReadInputTokens, count.inputTokens);
  const native = JSON.stringify({
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 9,
    messages: [{ role: "user", content: "count me" }],
  });
  const nativeCount = await (await post(emulator, modelPath("count-tokens"), {
    input: { invokeModel: { body: btoa(native) } },
  })).json();
  const invoked = await post(emulator, modelPath("invoke"), native);
  assert.equal((await invoked.json()).usage.input_tokens, nativeCount.inputTokens);
  assert.equal(
    invoked.headers.get("x-amzn-bedrock-input-token-count"),
    String(nativeCount.inputTokens),
  );
});

Deno.test("emulator ApplyGuardrail intervenes on a blocked word and passes other text", async () => {
  const emulator = createEmulator({ auth: false, blockedWords: ["forbidden"] });
  const ok = await (await post(emulator, "/guardrail/abc123/version/1/apply", {
    source: "INPUT",
    content: [{ text: { text: "hello" } }],
  })).json();
  assert.equal(ok.action, "NONE");
  const hit = await (await post(emulator, "/guardrail/abc123/version/DRAFT/apply", {
    source: "OUTPUT",
    content: [{ text: { text: "a Forbidden word" } }],
  })).json();
  assert.equal(hit.action, "GUARDRAIL_INTERVENED");
  assert.equal(hit.assessments[0].wordPolicy.customWords[0].match, "forbidden");
  assert.equal(typeof hit.usage.contextualGroundingPolicyUnits, "number");
});

Deno.test("emulator resolves ARNs and geo profiles and percent-decodes the model id once", async () => {
  const emulator = createEmulator({ auth: false });
  for (
    const id of [
      `us.${MODEL}`,
      `global.${MODEL}`,
      `arn:aws:bedrock:us-east-1::foundation-model/${MODEL}`,
      `arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.${MODEL}`,
    ]
  ) {
    const res = await post(emulator, modelPath("converse", id), JSON.parse(converseBody()));
    assert.equal(res.status, 200, id);
  }
  const twice = await post(
    emulator,
    `/model/${encodeURIComponent(encodeURIComponent(MODEL))}/converse`,
    JSON.parse(converseBody()),
  );
  assert.equal(twice.status, 400, "a doubly encoded id is not decoded twice");
});

Deno.test("emulator calls the tool the user names and echoes performanceConfig and serviceTier", async () => {
  const emulator = createEmulator({ auth: false });
  const tools = ["search", "calculator"].map((name) => ({
    toolSpec: { name, inputSchema: { json: { type: "object", properties: {} } } },
  }));
  const res = await converse(emulator, {
    ...JSON.parse(converseBody({}, "please use the calculator")),
    toolConfig: { tools },
    performanceConfig: { latency: "optimized" },
    serviceTier: { type: "priority" },
  });
  assert.equal(res.output.message.content[0].toolUse.name, "calculator");
  assert.deepEqual(res.output.message.content[0].toolUse.input, {});
  assert.deepEqual(res.performanceConfig, { latency: "optimized" });
  assert.deepEqual(res.serviceTier, { type: "priority" });
});
