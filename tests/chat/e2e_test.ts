// End-to-end through the real client, signer, event-stream decoder and the emulator.
import assert from "node:assert/strict";
import { z } from "zod";
import { BedrockOutputError } from "../../src/errors.ts";
import { BedrockRuntime } from "../../src/runtime/client.ts";
import { serveEmulator } from "../../src/emulator/mod.ts";
import {
  chat,
  generateObject,
  type MessageInput,
  runTools,
  streamChat,
  tool,
  type ToolStep,
} from "../../src/chat/mod.ts";
import { CREDENTIALS, emulated } from "./_emulator.ts";

const CLAUDE = "us.anthropic.claude-sonnet-4-20250514-v1:0";
const NOVA = "amazon.nova-lite-v1:0";

Deno.test("chat() and streamChat() against the emulator: echo, usage, stop reason", async () => {
  const { client } = emulated();
  const r = await chat(client, { model: NOVA, messages: ["Hello there"], system: "Be brief" });
  assert.equal(r.text, "Hello there");
  assert.equal(r.stopReason, "end_turn");
  assert.ok(r.usage.inputTokens > 0 && r.usage.outputTokens > 0);
  assert.equal(r.usage.totalTokens, r.usage.inputTokens + r.usage.outputTokens);
  const s = streamChat(client, {
    model: NOVA,
    messages: ["Stream me a fairly long sentence, please"],
    maxTokens: 5,
  });
  let text = "";
  for await (const t of s.text()) text += t;
  const final = await s.finalMessage();
  assert.equal(final.stopReason, "max_tokens");
  assert.equal(
    text,
    (final.output as { message: { content: { text: string }[] } }).message.content[0]!.text,
  );
});

Deno.test("chat over a real socket (serveEmulator on 127.0.0.1, port 0)", async () => {
  const server = await serveEmulator({ port: 0 });
  try {
    const client = new BedrockRuntime({
      region: "us-east-1",
      credentials: CREDENTIALS,
      endpoint: server.url,
    });
    const r = await chat(client, { model: CLAUDE, messages: ["over the wire"] });
    assert.equal(r.text, "over the wire");
    let streamed = "";
    for await (
      const t of streamChat(client, { model: CLAUDE, messages: ["streamed over the wire"] }).text()
    ) streamed += t;
    assert.equal(streamed, "streamed over the wire");
  } finally {
    await server.close();
  }
});

Deno.test("runTools(): two parallel tools, a schema failure sent back as an error result, then done", async () => {
  const { client } = emulated({
    script: [
      {
        content: [
          { toolUse: { toolUseId: "tooluse_a", name: "weather", input: { city: "Paris" } } },
          { toolUse: { toolUseId: "tooluse_b", name: "clock", input: {} } },
        ],
      },
      { content: [{ toolUse: { toolUseId: "tooluse_c", name: "weather", input: { city: 5 } } }] },
      "All done.",
    ],
  });
  const running: string[] = [];
  let concurrent = 0, maxConcurrent = 0;
  const slow = async <T>(name: string, v: T) => {
    running.push(name), concurrent++, maxConcurrent = Math.max(maxConcurrent, concurrent);
    await new Promise((r) => setTimeout(r, 10));
    concurrent--;
    return v;
  };
  const weather = tool({
    name: "weather",
    input: z.object({ city: z.string() }),
    run: ({ city }) => slow("weather", { city, tempC: 21 }),
  });
  const clock = tool({ name: "clock", input: z.object({}), run: () => slow("clock", "12:00 UTC") });
  const steps: ToolStep[] = [];
  const out = await runTools(client, {
    model: CLAUDE,
    messages: ["Weather and time?"],
    tools: [weather, clock],
    onStep: (s) => void steps.push(s),
  });
  assert.equal(out.finish, "done");
  assert.equal(out.result.text, "All done.");
  assert.equal(steps.length, 3);
  assert.deepStrictEqual(running, ["weather", "clock"]);
  assert.equal(maxConcurrent, 2);
  assert.deepStrictEqual(steps[0]!.tools.map((t) => [t.call.name, t.invalid, t.result.content]), [
    ["weather", false, { city: "Paris", tempC: 21 }],
    ["clock", false, "12:00 UTC"],
  ]);
  const bad = steps[1]!.tools[0]!;
  assert.equal(bad.invalid, true);
  assert.equal(bad.result.isError, true);
  assert.match(
    String(bad.result.content),
    /Invalid arguments for tool "weather":\ncity: Invalid input: expected string, received number/,
  );
  assert.equal(out.messages.length, 6);
});

Deno.test("runTools(): the emulator's own schema-built tool call round-trips and the signal aborts", async () => {
  const { client } = emulated();
  const weather = tool({
    name: "weather",
    input: z.object({ city: z.string() }),
    run: ({ city }) => `Sunny in ${city}`,
  });
  const out = await runTools(client, { model: CLAUDE, messages: ["Weather?"], tools: [weather] });
  assert.equal(out.finish, "done");
  assert.match(out.result.text, /^The tool returned: Sunny in /);
  const ac = new AbortController();
  ac.abort(new Error("stop"));
  await assert.rejects(
    runTools(client, { model: CLAUDE, messages: ["x"], tools: [weather], signal: ac.signal }),
    /stop/,
  );
});

Deno.test("generateObject(): native outputConfig and forced-tool modes, validated; failures carry raw text and issues", async () => {
  const { client } = emulated();
  const schema = z.object({ name: z.string(), population: z.number() });
  const native = await generateObject(client, {
    model: CLAUDE,
    messages: ["Invent a city"],
    schema,
  });
  assert.equal(native.mode, "native");
  assert.equal(typeof native.object.name, "string");
  assert.equal(typeof native.object.population, "number");
  const viaTool = await generateObject(client, {
    model: "meta.llama3-70b-instruct-v1:0",
    messages: ["Invent a city"],
    schema,
  });
  assert.equal(viaTool.mode, "tool");
  assert.equal(typeof viaTool.object.population, "number");
  const strict = z.object({ name: z.string().refine((v) => v === "never", "must be never") });
  await assert.rejects(
    generateObject(client, { model: CLAUDE, messages: ["x"], schema: strict }),
    (e: unknown) => {
      assert.ok(e instanceof BedrockOutputError);
      assert.equal(e.issues.length, 1);
      assert.equal(typeof JSON.parse(e.text).name, "string");
      assert.match(e.message, /^Cannot validate structured output: 1 schema issue/);
      return true;
    },
  );
  const { client: scripted } = emulated({ script: ["not json"] });
  await assert.rejects(
    generateObject(scripted, { model: CLAUDE, messages: ["x"], schema }),
    (e: unknown) => {
      assert.ok(e instanceof BedrockOutputError);
      assert.equal(e.text, "not json");
      assert.match(e.message, /^Cannot parse structured output/);
      return true;
    },
  );
});

Deno.test("thinking round-trips over three turns (signatures verified by the emulator), streamed and not", async () => {
  const { client } = emulated();
  const history: MessageInput[] = [];
  for (const [i, q] of ["one", "two", "three"].entries()) {
    history.push(q);
    const opts = {
      model: CLAUDE,
      messages: history,
      reasoning: { budgetTokens: 1024 },
      maxTokens: 2048,
    };
    const message = i === 1
      ? (await streamChat(client, opts).finalMessage()).output
      : { message: (await chat(client, opts)).message };
    const m = (message as { message: { content: unknown[] } }).message;
    const first = m.content[0] as { reasoningContent: { reasoningText: { signature: string } } };
    assert.ok(first.reasoningContent.reasoningText.signature.length > 0);
    history.push({ role: "assistant", content: m.content as never });
  }
  // An altered reasoning block is rejected by the emulator: proves the round-trip is checked.
  const tampered = structuredClone(history) as {
    role: string;
    content: { reasoningContent?: { reasoningText: { text: string } } }[];
  }[];
  tampered[1]!.content[0]!.reasoningContent!.reasoningText.text += "!";
  await assert.rejects(
    chat(client, {
      model: CLAUDE,
      messages: [...tampered as never, "four"],
      reasoning: { budgetTokens: 1024 },
    }),
  );
});

Deno.test("caching: cache points on system, tools and the last turn give write then read counts", async () => {
  const { client } = emulated();
  const opts = {
    model: CLAUDE,
    system: "You are a meticulous assistant. ".repeat(40),
    messages: ["Hello"],
    tools: [{ name: "lookup", input: { type: "object", properties: { q: { type: "string" } } } }],
    toolChoice: "none" as const,
    cache: { system: true, lastUserTurn: true, ttl: "5m" as const },
  };
  const first = await chat(client, opts);
  assert.ok(first.usage.cacheWriteTokens > 0);
  assert.equal(first.usage.cacheReadTokens, 0);
  const second = await chat(client, opts);
  assert.equal(second.usage.cacheReadTokens, first.usage.cacheWriteTokens);
  assert.equal(second.usage.cacheWriteTokens, 0);
});

Deno.test("citations: a document with citations gives citationsContent, streamed equal to converse", async () => {
  const { client } = emulated();
  const messages: MessageInput[] = [{
    role: "user",
    content: [
      {
        type: "document",
        text: "The Eiffel Tower is 330 metres tall.",
        name: "tower facts.txt",
        citations: true,
      },
      { type: "text", text: "How tall is it?" },
    ],
  }];
  const r = await chat(client, { model: CLAUDE, messages });
  const block = r.message.content[0] as { citationsContent: { citations: { title: string }[] } };
  assert.equal(block.citationsContent.citations[0]!.title, "tower facts");
  assert.match(r.text, /^According to tower facts: The Eiffel Tower/);
  const s = await streamChat(client, { model: CLAUDE, messages }).finalMessage();
  assert.deepStrictEqual((s.output as { message: unknown }).message, r.message);
});

Deno.test("runTools() with onEvent streams every step and ends with the same answer", async () => {
  const { client } = emulated();
  const weather = tool({
    name: "weather",
    input: z.object({ city: z.string() }),
    run: ({ city }) => `Rain in ${city}`,
  });
  const seen: [string, number][] = [];
  const out = await runTools(client, {
    model: CLAUDE,
    messages: ["Weather?"],
    tools: [weather],
    onEvent: (e, step) => void seen.push([e.type, step]),
  });
  assert.equal(out.finish, "done");
  assert.deepEqual(out.result.warnings, [], "no conversion warnings here");
  assert.match(out.result.text, /^The tool returned: Rain in /);
  assert.ok(seen.some(([t, s]) => t === "tool-call" && s === 0));
  assert.ok(seen.some(([t, s]) => t === "text" && s === 1));
  assert.equal(seen.filter(([t]) => t === "stop").length, 2);
});

Deno.test("streamChat() and runTools() with onEvent report the conversion warnings, as chat() does", async () => {
  const { client } = emulated();
  const c = { type: "cache" } as const;
  // Five cache points: the earliest message one is dropped, with a warning.
  const options = {
    model: CLAUDE,
    system: ["S", c],
    cache: { system: true, lastUserTurn: true },
    messages: [
      { role: "user", content: [{ type: "text", text: "a" }, c] },
      ["assistant", "b"],
      { role: "user", content: [{ type: "text", text: "c" }, c] },
      ["assistant", "d"],
      { role: "user", content: [{ type: "text", text: "e" }, c] },
    ],
  } as const;
  const codes = (w: { code: string }[]) => w.map((x) => x.code);
  const direct = await chat(client, options as never);
  assert.ok(direct.warnings.length > 0, "chat() warns");
  const s = streamChat(client, options as never);
  assert.deepEqual(codes(s.warnings), codes(direct.warnings));
  const out = await runTools(client, { ...options, tools: [], onEvent: () => {} } as never);
  assert.deepEqual(codes(out.result.warnings), codes(direct.warnings));
});
