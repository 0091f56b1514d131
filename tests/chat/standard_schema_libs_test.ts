// Standard Schema + Standard JSON Schema libraries other than zod: arktype (native) and valibot
// (through @valibot/to-json-schema's toStandardJsonSchema). Dev dependencies only.
import assert from "node:assert/strict";
import { type } from "arktype";
import * as v from "valibot";
import { toStandardJsonSchema } from "@valibot/to-json-schema";
import { BedrockRuntime } from "../../mod.ts";
import {
  buildConverseRequest,
  generateObject,
  runTools,
  tool,
  validateWith,
} from "../../src/chat/mod.ts";
import { createEmulator } from "../../src/emulator/mod.ts";

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";

function client() {
  const emulator = createEmulator();
  return new BedrockRuntime({
    region: "us-east-1",
    endpoint: "http://emulator.local",
    token: "emulator-token",
    fetch: ((i: RequestInfo | URL, init?: RequestInit) =>
      emulator.fetch(new Request(i, init))) as typeof fetch,
  });
}

const schemas = {
  arktype: type({ city: "string", "days?": "number" }),
  valibot: toStandardJsonSchema(v.object({ city: v.string(), days: v.optional(v.number()) })),
};

for (const [lib, schema] of Object.entries(schemas)) {
  Deno.test(`tool() turns a ${lib} schema into the Converse inputSchema`, () => {
    const weather = tool({ name: "weather", input: schema, run: () => "sunny" });
    const { request } = buildConverseRequest({ model: MODEL, messages: ["hi"], tools: [weather] });
    const spec = request.toolConfig?.tools?.[0]?.toolSpec;
    assert.equal(spec?.name, "weather");
    const json = spec?.inputSchema?.json as Record<string, unknown>;
    assert.equal(json.type, "object");
    assert.deepEqual(Object.keys(json.properties as object).sort(), ["city", "days"]);
    assert.deepEqual(json.required, ["city"]);
  });

  Deno.test(`validateWith() reports ${lib} issues with their path`, async () => {
    const bad = await validateWith(schema, { city: 42 });
    assert.ok(bad.issues !== undefined && bad.issues.length > 0, "invalid input is rejected");
    assert.match(JSON.stringify(bad.issues), /city/);
    const good = await validateWith(schema, { city: "Lisbon" });
    assert.equal(good.issues, undefined);
  });

  Deno.test(`runTools() validates arguments with a ${lib} schema and runs the tool`, async () => {
    const seen: unknown[] = [];
    const weather = tool({
      name: "weather",
      input: schema,
      run: (args) => {
        seen.push(args);
        return { sky: "clear" };
      },
    });
    const { finish, steps } = await runTools(client(), {
      model: MODEL,
      messages: ["Weather please"],
      tools: [weather],
    });
    assert.equal(finish, "done");
    assert.equal(seen.length, 1);
    assert.equal(typeof (seen[0] as { city: unknown }).city, "string");
    assert.equal(steps[0]?.tools[0]?.invalid, false);
  });

  Deno.test(`generateObject() validates structured output with a ${lib} schema`, async () => {
    const { object } = await generateObject(client(), {
      model: MODEL,
      messages: ["Invent a trip"],
      schema,
    });
    assert.equal(typeof (object as { city: unknown }).city, "string");
  });
}
