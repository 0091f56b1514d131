// Hostile input: mutated and random bodies against every operation never produce a 5xx or an
// unhandled error, and every error is AWS-shaped.
import assert from "node:assert/strict";
import { createEmulator } from "../../src/emulator/mod.ts";
import { modelPath } from "./_helpers.ts";

// A small deterministic PRNG (mulberry32) so a failure reproduces.
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: Record<string, unknown> = {
  converse: {
    messages: [{
      role: "user",
      content: [{ text: "hi" }, { image: { format: "png", source: { bytes: "AAAA" } } }],
    }],
    toolConfig: {
      tools: [{
        toolSpec: {
          name: "f",
          inputSchema: { json: { type: "object", properties: { a: { type: "integer" } } } },
        },
      }],
    },
    inferenceConfig: { maxTokens: 10, temperature: 0.5 },
    additionalModelRequestFields: { thinking: { type: "enabled", budget_tokens: 1024 } },
    outputConfig: {
      textFormat: {
        type: "json_schema",
        structure: { jsonSchema: { schema: '{"type":"object"}' } },
      },
    },
  },
  invoke: {
    anthropic_version: "bedrock-2023-05-31",
    max_tokens: 10,
    messages: [{ role: "user", content: [{ type: "text", text: "x" }] }],
  },
  "count-tokens": {
    input: { converse: { messages: [{ role: "user", content: [{ text: "x" }] }] } },
  },
};
const ODD: unknown[] = [
  null,
  0,
  -1,
  1e308,
  "",
  "x".repeat(5000),
  [],
  {},
  true,
  [[[]]],
  { __proto__: { x: 1 } },
  "\u0000",
  NaN,
];

function mutate(value: unknown, r: () => number, depth = 0): unknown {
  if (r() < 0.15 || depth > 6) return ODD[Math.floor(r() * ODD.length)];
  if (Array.isArray(value)) {
    return value.map((v) => mutate(v, r, depth + 1)).concat(
      r() < 0.2 ? [mutate(value[0], r, depth + 1)] : [],
    );
  }
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (r() > 0.1) out[r() < 0.05 ? k + "x" : k] = mutate(v, r, depth + 1);
    }
    return out;
  }
  return value;
}

Deno.test("emulator survives 1500 mutated and random request bodies without a 5xx", async () => {
  const emulator = createEmulator({ auth: false });
  const r = rng(42);
  const statuses = new Map<number, number>();
  const ops = [
    "converse",
    "converse-stream",
    "invoke",
    "invoke-with-response-stream",
    "count-tokens",
  ];
  for (let i = 0; i < 1500; i++) {
    const op = ops[i % ops.length]!;
    const seed = SEEDS[op.replace("-stream", "").replace("-with-response", "")]!;
    let body: Uint8Array | string;
    if (i % 10 === 0) body = crypto.getRandomValues(new Uint8Array(1 + Math.floor(r() * 200)));
    else if (i % 10 === 1) body = JSON.stringify(seed).slice(0, Math.floor(r() * 80));
    else body = JSON.stringify(mutate(seed, r)) ?? "null";
    const res = await emulator.fetch(
      new Request("http://e" + modelPath(op), { method: "POST", body: body as BodyInit }),
    );
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const text = await res.text();
    assert.ok(
      res.status < 500,
      `case ${i} (${op}) got ${res.status}: ${text} for ${String(body).slice(0, 300)}`,
    );
    if (res.status !== 200) {
      assert.equal(typeof JSON.parse(text).message, "string");
      assert.ok(res.headers.get("x-amzn-errortype"));
    }
  }
  console.log(`statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
});
