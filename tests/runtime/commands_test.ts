// The AWS SDK v3 command style: BedrockRuntimeClient.send(new XCommand(input)) gives what the
// matching BedrockRuntime method gives, sends what the SDK sends, honours abortSignal, rejects
// foreign commands, is typed per command, runs SDK code with only the import changed, and a bundle
// keeps only the commands it imports.
import assert from "node:assert/strict";
import * as sdk from "@aws-sdk/client-bedrock-runtime";
import {
  ApplyGuardrailCommand,
  BedrockInputError,
  BedrockRuntime,
  BedrockRuntimeClient,
  BedrockRuntimeCommand,
  ConverseCommand,
  type ConverseCommandOutput,
  ConverseStreamCommand,
  type ConverseStreamCommandOutput,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "../../mod.ts";
import { OPERATIONS } from "../../src/runtime/_schema.ts";
import type { OperationName } from "../../src/runtime/_request.ts";
import { createEmulator, serveEmulator } from "../../src/emulator/mod.ts";
import { type Canned, CREDENTIALS, REGION, sdkSend } from "./_harness.ts";
import { REQUEST_CASES, type RequestCase } from "./_inputs.ts";
import { RESPONSE_CASES } from "./_responses.ts";

const COMMANDS = {
  Converse: ConverseCommand,
  ConverseStream: ConverseStreamCommand,
  InvokeModel: InvokeModelCommand,
  InvokeModelWithResponseStream: InvokeModelWithResponseStreamCommand,
  CountTokens: CountTokensCommand,
  ApplyGuardrail: ApplyGuardrailCommand,
} as const;
const METHODS = {
  Converse: "converse",
  ConverseStream: "converseStream",
  InvokeModel: "invokeModel",
  InvokeModelWithResponseStream: "invokeModelWithResponseStream",
  CountTokens: "countTokens",
  ApplyGuardrail: "applyGuardrail",
} as const;
const HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
const MESSAGES = [{ role: "user" as const, content: [{ text: "Hi" }] }];
const OK: Canned = {
  status: 200,
  headers: { "content-type": "application/json", "x-amzn-requestid": "req-1" },
  body: new TextEncoder().encode("{}"),
};

/** A fake fetch answering `canned` and keeping every request. */
function cannedFetch(canned: Canned = OK) {
  const requests: Request[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    return Promise.resolve(
      new Response(canned.body.length ? (canned.body as BodyInit) : null, {
        status: canned.status,
        headers: canned.headers,
      }),
    );
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

const options = (fetch: typeof globalThis.fetch) => ({
  region: REGION,
  credentials: CREDENTIALS,
  maxAttempts: 1,
  fetch,
  env: {},
});

// deno-lint-ignore no-explicit-any
type AnyCommand = new (input: any) => BedrockRuntimeCommand<object, any>;

/** The output with its streams drained (events, then the error's name and message, if any). */
async function settle(call: () => Promise<Record<string, unknown>>): Promise<unknown> {
  let out: Record<string, unknown>;
  try {
    out = await call();
  } catch (e) {
    return { error: [(e as Error).name, (e as Error).message] };
  }
  const drained: Record<string, unknown> = { ...out };
  for (const key of ["stream", "body"]) {
    const value = out[key];
    if (value === null || typeof value !== "object" || !(Symbol.asyncIterator in value)) continue;
    const events: unknown[] = [];
    try {
      for await (const e of value as AsyncIterable<unknown>) events.push(e);
    } catch (e) {
      events.push({ error: [(e as Error).name, (e as Error).message] });
    }
    drained[key] = events;
  }
  return drained;
}

// --- every command through send == the matching BedrockRuntime method --------------------------

Deno.test("the response corpus covers all six commands", () => {
  assert.equal(new Set(RESPONSE_CASES.map((c) => c.op)).size, 6);
});

for (const c of RESPONSE_CASES) {
  Deno.test(`send(new ${c.op}Command) gives what BedrockRuntime.${METHODS[c.op]}() gives: ${c.name}`, async () => {
    const viaMethod = cannedFetch(c.canned);
    const viaSend = cannedFetch(c.canned);
    const bedrock = new BedrockRuntime(options(viaMethod.fetch));
    const client = new BedrockRuntimeClient(options(viaSend.fetch));
    const Command: AnyCommand = COMMANDS[c.op];
    const expected = await settle(() =>
      // deno-lint-ignore no-explicit-any
      (bedrock as any)[METHODS[c.op]](c.input)
    );
    const actual = await settle(() => client.send(new Command(c.input)));
    assert.deepEqual(actual, expected);
    assert.equal(viaSend.requests.length, 1);
    assert.equal(viaSend.requests[0]!.url, viaMethod.requests[0]!.url);
  });
}

Deno.test("CountTokensCommand maps a geo-prefixed profile like BedrockRuntime.countTokens, and rejects an application profile ARN without sending", async () => {
  const fake = cannedFetch({ ...OK, body: new TextEncoder().encode('{"inputTokens":3}') });
  const client = new BedrockRuntimeClient(options(fake.fetch));
  const input = { modelId: `us.${HAIKU}`, input: { converse: { messages: MESSAGES } } };
  const command = new CountTokensCommand(input);
  const out = await client.send(command);
  assert.equal(out.inputTokens, 3);
  assert.equal(
    new URL(fake.requests[0]!.url).pathname,
    `/model/${encodeURIComponent(HAIKU)}/count-tokens`,
  );
  assert.equal(command.input, input, "the command keeps its input as given");
  assert.equal(input.modelId, `us.${HAIKU}`, "the input is not mutated");
  const arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc";
  await assert.rejects(
    client.send(new CountTokensCommand({ modelId: arn, input: { converse: {} } })),
    (e: unknown) => e instanceof BedrockInputError && e.field === "modelId",
  );
  assert.equal(fake.requests.length, 1);
});

// --- differential: SDK's client.send(new XCommand) vs ours ------------------------------------

const MODELED = (
  op: OperationName,
) => ["content-type", ...(OPERATIONS[op].headers ?? []).map(([, h]) => h.toLowerCase())];

async function oursRequest(op: OperationName, input: Record<string, unknown>) {
  const fake = cannedFetch();
  const client = new BedrockRuntimeClient(options(fake.fetch));
  const Command: AnyCommand = COMMANDS[op];
  await settle(() => client.send(new Command(input)));
  assert.equal(fake.requests.length, 1, `${op}: ours sent one request`);
  const req = fake.requests[0]!;
  const url = new URL(req.url);
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => (headers[k] = v));
  return {
    method: req.method,
    host: url.host,
    path: req.url.slice(url.origin.length),
    headers,
    body: new Uint8Array(await req.arrayBuffer()),
  };
}

async function assertSameRequest({ name, op, input }: RequestCase) {
  const frozen = structuredClone(input);
  const ours = await oursRequest(op, input);
  const theirs = (await sdkSend(op, input)).request;
  assert.ok(theirs, `${name}: the SDK sent nothing`);
  assert.deepEqual(input, frozen, `${name}: input not mutated`);
  assert.equal(ours.method, theirs.method, name);
  assert.equal(ours.host, new URL(theirs.url).host, name);
  assert.equal(ours.path, theirs.path, name);
  for (const h of MODELED(op)) assert.equal(ours.headers[h], theirs.headers[h], `${name}: ${h}`);
  if (OPERATIONS[op].payload) assert.deepEqual(ours.body, theirs.body, name);
  else {
    const json = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b));
    assert.deepEqual(json(ours.body), json(theirs.body), name);
  }
}

// The inputs the SDK differential must cover, picked from the shared request corpus.
const KINDS: [string, (c: RequestCase) => boolean][] = [
  ["converse with tools", (c) => c.op === "Converse" && "toolConfig" in c.input],
  ["converseStream", (c) => c.op === "ConverseStream"],
  [
    "invokeModel with a string body",
    (c) => c.op === "InvokeModel" && typeof c.input.body === "string",
  ],
  [
    "invokeModel with a Uint8Array body",
    (c) => c.op === "InvokeModel" && c.input.body instanceof Uint8Array,
  ],
  ["invokeModelWithResponseStream", (c) => c.op === "InvokeModelWithResponseStream"],
  ["countTokens", (c) => c.op === "CountTokens"],
  ["applyGuardrail", (c) => c.op === "ApplyGuardrail"],
];

for (const [kind, pick] of KINDS) {
  Deno.test(`send(new XCommand) sends what the AWS SDK's send(new XCommand) sends: ${kind}`, async () => {
    const cases = REQUEST_CASES.filter(pick);
    assert.ok(cases.length > 0, `the corpus has ${kind}`);
    for (const c of cases) await assertSameRequest(c);
  });
}

Deno.test("send(new XCommand) sends what the AWS SDK sends for the whole request corpus", async () => {
  assert.ok(REQUEST_CASES.length >= 60, `${REQUEST_CASES.length} cases`);
  for (const c of REQUEST_CASES) await assertSameRequest(c);
});

// --- abortSignal ----------------------------------------------------------------------------------

/** A fetch that aborts `ac` once the request is sent, then waits on the request's own signal. */
function abortingFetch(ac: AbortController, reason: Error) {
  let calls = 0;
  const fetch = (_input: RequestInfo | URL, init?: RequestInit) => {
    calls++;
    const signal = init?.signal;
    ac.abort(reason);
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      // Unaborted (the signal was not passed on), the call would succeed.
      queueMicrotask(() =>
        setTimeout(() => resolve(new Response("{}", { status: 200, headers: OK.headers })), 20)
      );
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls: () => calls };
}

const CONVERSE = { modelId: HAIKU, messages: MESSAGES };

Deno.test("send(command, { abortSignal }) aborts the call in flight with the signal's reason", async () => {
  const ac = new AbortController();
  const reason = new Error("user cancelled");
  const fake = abortingFetch(ac, reason);
  const client = new BedrockRuntimeClient(options(fake.fetch));
  await assert.rejects(
    client.send(new ConverseCommand(CONVERSE), { abortSignal: ac.signal }),
    (e) => e === reason,
  );
  assert.equal(fake.calls(), 1);
});

Deno.test("BedrockRuntime methods take { abortSignal } too (the SDK's HttpHandlerOptions)", async () => {
  const ac = new AbortController();
  const reason = new Error("user cancelled");
  const fake = abortingFetch(ac, reason);
  const bedrock = new BedrockRuntime(options(fake.fetch));
  await assert.rejects(bedrock.converse(CONVERSE, { abortSignal: ac.signal }), (e) => e === reason);
  const pre = new AbortController();
  pre.abort(reason);
  const idle = cannedFetch();
  const other = new BedrockRuntime(options(idle.fetch));
  await assert.rejects(
    other.invokeModel({ modelId: HAIKU, body: "{}" }, { abortSignal: pre.signal }),
    (e) => e === reason,
  );
  assert.equal(idle.requests.length, 0, "an already aborted abortSignal sends nothing");
});

Deno.test("with both signal and abortSignal, either one aborting aborts the call", async () => {
  for (const which of ["signal", "abortSignal"] as const) {
    const ac = new AbortController();
    const idle = new AbortController();
    const reason = new Error(`${which} fired`);
    const fake = abortingFetch(ac, reason);
    const client = new BedrockRuntimeClient(options(fake.fetch));
    const opts = which === "signal"
      ? { signal: ac.signal, abortSignal: idle.signal }
      : { signal: idle.signal, abortSignal: ac.signal };
    await assert.rejects(client.send(new ConverseCommand(CONVERSE), opts), (e) => e === reason);
  }
});

Deno.test("abortSignal also aborts a response stream being read", async () => {
  const emulator = createEmulator();
  const client = new BedrockRuntimeClient({
    region: REGION,
    credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" },
    env: {},
    fetch: (input, init) => {
      const req = new Request(input, init);
      req.headers.set("x-bedrock-fetch-fault", "slow=30");
      return emulator.fetch(req);
    },
  });
  const ac = new AbortController();
  const reason = new Error("stop reading");
  const { stream } = await client.send(
    new ConverseStreamCommand({
      modelId: HAIKU,
      messages: [{ role: "user", content: [{ text: "one two three four five six" }] }],
    }),
    { abortSignal: ac.signal },
  );
  const seen: unknown[] = [];
  await assert.rejects(
    (async () => {
      for await (const event of stream) {
        seen.push(event);
        if (seen.length === 1) ac.abort(reason);
      }
    })(),
    (e) => e === reason,
  );
  assert.equal(seen.length, 1);
});

// --- foreign commands -----------------------------------------------------------------------------

Deno.test("send() rejects anything but this package's commands with BedrockInputError naming command, without sending", async () => {
  const fake = cannedFetch();
  const client = new BedrockRuntimeClient(options(fake.fetch));
  class Made extends BedrockRuntimeCommand<object, ConverseCommandOutput> {
    readonly operation = "NotAnOperation";
  }
  class Inherited extends BedrockRuntimeCommand<object, ConverseCommandOutput> {
    readonly operation = "toString";
  }
  const foreign: unknown[] = [
    undefined,
    null,
    42,
    "Converse",
    {},
    { input: CONVERSE },
    { operation: "Converse", input: CONVERSE },
    new sdk.ConverseCommand(CONVERSE), // the import left unchanged
    new Made(CONVERSE),
    new Inherited(CONVERSE),
    ConverseCommand, // the class, not an instance
  ];
  for (const command of foreign) {
    await assert.rejects(
      client.send(command as never),
      (e: unknown) =>
        e instanceof BedrockInputError && e.field === "command" &&
        /^Invalid command: must be a @bedrock-fetch\/core command$/.test(e.message),
      String(command),
    );
  }
  assert.equal(fake.requests.length, 0);
});

Deno.test("a command with a bad input rejects like the method does (no crash)", async () => {
  const client = new BedrockRuntimeClient(options(cannedFetch().fetch));
  for (const input of [null, undefined, 1]) {
    await assert.rejects(
      client.send(new ConverseCommand(input as never)),
      (e: unknown) => e instanceof BedrockInputError,
    );
    await assert.rejects(
      client.send(new CountTokensCommand(input as never)),
      (e: unknown) => e instanceof BedrockInputError,
    );
  }
});

Deno.test("destroy() is a no-op on both clients; commands expose input and operation", () => {
  const client = new BedrockRuntimeClient({});
  assert.equal(client.destroy(), undefined);
  assert.equal(new BedrockRuntime({}).destroy(), undefined);
  for (const [operation, Command] of Object.entries(COMMANDS)) {
    const input = { modelId: HAIKU };
    const command = new (Command as AnyCommand)(input);
    assert.equal(command.operation, operation);
    assert.equal(command.input, input);
    assert.ok(command instanceof BedrockRuntimeCommand);
  }
});

// --- types ------------------------------------------------------------------------------------------

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;

Deno.test("send() is typed by the command (checked when this file is type-checked)", () => {
  // Never called: only compiled.
  const typed = async (client: BedrockRuntimeClient) => {
    const converse = client.send(new ConverseCommand(CONVERSE));
    const stream = client.send(new ConverseStreamCommand(CONVERSE));
    const a: Equal<typeof converse, Promise<ConverseCommandOutput>> = true;
    const b: Equal<typeof stream, Promise<ConverseStreamCommandOutput>> = true;
    const out = await converse;
    out.output?.message?.content;
    // @ts-expect-error a Converse output has no stream
    out.stream;
    // @ts-expect-error modelId is required
    new ConverseCommand({ messages: MESSAGES });
    // @ts-expect-error an SDK command is not a bedrock-fetch command
    client.send(new sdk.ConverseCommand(CONVERSE));
    // @ts-expect-error a plain object is not a command
    client.send({ input: CONVERSE });
    return [a, b];
  };
  assert.equal(typeof typed, "function");
});

// --- the same SDK code, only the import changed ---------------------------------------------------

const SNIPPET = `import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
} from "@aws-sdk/client-bedrock-runtime";

export async function run(config: { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } }): Promise<string[]> {
  const client = new BedrockRuntimeClient(config);
  const modelId = "anthropic.claude-3-5-haiku-20241022-v1:0";
  const controller = new AbortController();
  const res = await client.send(
    new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "ported" }] }] }),
    { abortSignal: controller.signal },
  );
  const out: string[] = [res.output?.message?.content?.[0]?.text ?? "", String(res.$metadata.httpStatusCode)];
  const { stream } = await client.send(
    new ConverseStreamCommand({ modelId, messages: [{ role: "user", content: [{ text: "streamed too" }] }] }),
  );
  let text = "";
  for await (const event of stream ?? []) text += event.contentBlockDelta?.delta?.text ?? "";
  out.push(text);
  const { inputTokens } = await client.send(
    new CountTokensCommand({ modelId, input: { converse: { messages: [{ role: "user", content: [{ text: "ported" }] }] } } }),
  );
  out.push(String(inputTokens));
  client.destroy();
  return out;
}
`;

Deno.test("SDK code runs unchanged but for the import (same emulator, same output), and type-checks against mod.ts", async () => {
  const SDK = '"@aws-sdk/client-bedrock-runtime"';
  assert.equal(SNIPPET.split(SDK).length, 2, "one import to change");
  const dir = await Deno.makeTempDir();
  const server = await serveEmulator({ port: 0 });
  try {
    const config = {
      region: REGION,
      endpoint: server.url,
      credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" },
    };
    const results: unknown[] = [];
    for (
      const [name, specifier] of [
        ["sdk", import.meta.resolve("@aws-sdk/client-bedrock-runtime")],
        ["ours", new URL("../../mod.ts", import.meta.url).href],
      ]
    ) {
      const file = `${dir}/${name}.ts`;
      await Deno.writeTextFile(file, SNIPPET.replace(SDK, JSON.stringify(specifier)));
      const mod = await import(new URL(`file://${file}`).href);
      results.push(await mod.run(config));
    }
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual((results[1] as string[]).slice(0, 2), ["ported", "200"]);
    assert.match((results[1] as string[])[2]!, /streamed too/);
    // The ported file type-checks against our types (strict).
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", `${dir}/ours.ts`],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

// --- tree-shaking ---------------------------------------------------------------------------------

Deno.test("a bundle of BedrockRuntimeClient + ConverseCommand keeps no other command and no BedrockRuntime", async () => {
  const { bundleSource, stopBundler } = await import("../_bundle.ts");
  try {
    const bundle = async (contents: string) => (await bundleSource(contents)).outputFiles[0]!.text;
    const code = await bundle(`import { BedrockRuntimeClient, ConverseCommand } from "./mod.ts";
const client = new BedrockRuntimeClient({ region: "us-east-1" });
export const run = (input) => client.send(new ConverseCommand(input));`);
    // Operation names also sit in the wire-schema table, so look for the command classes' own
    // code: one `operation="…"` field, the Converse one.
    assert.deepEqual([...code.matchAll(/operation="(\w+)"/g)].map((m) => m[1]), ["Converse"]);
    assert.ok(!code.includes("CountTokens needs a base model id"), "no CountTokens mapping");
    assert.ok(!code.includes("converseStream("), "no BedrockRuntime methods");
    // The probe can fail: the bundle of every command has all six.
    const all = await bundle(`import * as m from "./mod.ts";
export const commands = [m.BedrockRuntimeClient, m.ConverseCommand, m.ConverseStreamCommand, m.InvokeModelCommand, m.InvokeModelWithResponseStreamCommand, m.CountTokensCommand, m.ApplyGuardrailCommand];`);
    assert.equal([...all.matchAll(/operation="(\w+)"/g)].length, 6);
    assert.ok(all.includes('operation="ApplyGuardrail"'));
  } finally {
    await stopBundler();
  }
});
