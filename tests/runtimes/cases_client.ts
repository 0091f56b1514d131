// Conformance cases for the client end to end: every call goes through the in-process emulator
// (createEmulator().fetch) or a fake fetch, so no socket is needed and workerd runs them too.

import { assert, assertEquals, assertRejects, type Case, type Lib, pick } from "./conformance.ts";

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const ENDPOINT = "http://127.0.0.1:8787";
const CREDENTIALS = { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" };
const FAULT = "x-bedrock-fetch-fault";

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
type AnyFn = (input: unknown, options?: unknown) => Promise<Record<string, unknown>>;
interface Client {
  converse: AnyFn;
  converseStream: AnyFn;
  invokeModel: AnyFn;
  invokeModelWithResponseStream: AnyFn;
  countTokens: AnyFn;
}
type ClientClass = new (config: Record<string, unknown>) => Client;
type ErrorClass = new (...args: never[]) => Error;

function emulatorFetch(lib: Lib, fault?: string): Fetch {
  const create = pick<(o?: unknown) => { fetch(r: Request): Promise<Response> }>(
    lib.emulator,
    "createEmulator",
  );
  const emu = create({});
  return (input, init) => {
    const req = new Request(input, init);
    if (fault) req.headers.set(FAULT, fault);
    return emu.fetch(req);
  };
}

function client(lib: Lib, fetch: Fetch, extra: Record<string, unknown> = {}): Client {
  const BedrockRuntime = pick<ClientClass>(lib.root, "BedrockRuntime");
  return new BedrockRuntime({
    region: "us-east-1",
    endpoint: ENDPOINT,
    credentials: CREDENTIALS,
    fetch,
    ...extra,
  });
}

function chatInput(text: string): Record<string, unknown> {
  return {
    modelId: MODEL,
    messages: [{ role: "user", content: [{ text }] }],
    inferenceConfig: { maxTokens: 64 },
  };
}

async function drain(iterable: unknown): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const ev of iterable as AsyncIterable<Record<string, unknown>>) out.push(ev);
  return out;
}

function streamText(events: Array<Record<string, unknown>>): string {
  let text = "";
  for (const ev of events) {
    const d = ev.contentBlockDelta as { delta?: { text?: string } } | undefined;
    text += d?.delta?.text ?? "";
  }
  return text;
}

function errorClass(lib: Lib, name: string): ErrorClass {
  return pick<ErrorClass>(lib.root ?? lib.errors, name);
}

function emulatorCases(lib: Lib): Case[] {
  const needs: Case["needs"] = ["root", "emulator"];
  return [
    {
      name: "BedrockRuntime.converse() returns the emulator's reply with $metadata",
      needs,
      fn: async () => {
        const out = await client(lib, emulatorFetch(lib)).converse(chatInput("Hello there"));
        const msg =
          (out.output as { message: { role: string; content: Array<{ text?: string }> } }).message;
        assertEquals(msg.role, "assistant", "role");
        assert(typeof msg.content[0]?.text === "string" && msg.content[0].text.length > 0, "text");
        assert(typeof out.stopReason === "string", "stopReason");
        const usage = out.usage as { inputTokens: number; outputTokens: number };
        assert(usage.inputTokens > 0 && usage.outputTokens > 0, "usage");
        const meta = out.$metadata as { httpStatusCode: number; requestId?: string };
        assertEquals(meta.httpStatusCode, 200, "$metadata.httpStatusCode");
        assert(typeof meta.requestId === "string" && meta.requestId.length > 0, "requestId");
      },
    },
    {
      name:
        "BedrockRuntime.converseStream() yields the same text as converse(), framed and unpadded",
      needs,
      fn: async () => {
        const c = client(lib, emulatorFetch(lib));
        const whole = await c.converse(chatInput("Stream me a story"));
        const out = await c.converseStream(chatInput("Stream me a story"));
        const events = await drain(out.stream);
        const kinds = events.map((e) => Object.keys(e)[0]);
        assertEquals(kinds[0], "messageStart", "first event");
        assert(kinds.includes("contentBlockDelta"), "has deltas");
        assert(kinds.includes("messageStop") && kinds.at(-1) === "metadata", "stop then metadata");
        assert(!JSON.stringify(events).includes('"p":'), "the p padding is dropped");
        const text = (whole.output as { message: { content: Array<{ text?: string }> } }).message
          .content.map((b) => b.text ?? "").join("");
        assertEquals(streamText(events), text, "streamed text");
      },
    },
    {
      name:
        "BedrockRuntime.invokeModel() and invokeModelWithResponseStream() carry Anthropic bodies",
      needs,
      fn: async () => {
        const c = client(lib, emulatorFetch(lib));
        const body = new TextEncoder().encode(JSON.stringify({
          anthropic_version: "bedrock-2023-05-31",
          max_tokens: 64,
          messages: [{ role: "user", content: "Hello" }],
        }));
        const input = {
          modelId: MODEL,
          body,
          contentType: "application/json",
          accept: "application/json",
        };
        const one = await c.invokeModel(input);
        assert(one.body instanceof Uint8Array, "body is a Uint8Array");
        const json = JSON.parse(new TextDecoder().decode(one.body as Uint8Array));
        assertEquals(json.type, "message", "Anthropic response type");
        const streamed = await c.invokeModelWithResponseStream(input);
        const events = await drain(streamed.body);
        const types = events.map((e) => {
          const bytes = (e.chunk as { bytes: Uint8Array }).bytes;
          return JSON.parse(new TextDecoder().decode(bytes)).type as string;
        });
        assertEquals(types[0], "message_start", "first chunk");
        assert(types.includes("content_block_delta") && types.at(-1) === "message_stop", "chunks");
      },
    },
    {
      name: "BedrockRuntime.countTokens() counts input tokens; a bearer token authenticates",
      needs,
      fn: async () => {
        const c = client(lib, emulatorFetch(lib), {
          credentials: undefined,
          token: "emulator-token",
        });
        const out = await c.countTokens({
          modelId: MODEL,
          input: { converse: { messages: [{ role: "user", content: [{ text: "Count me" }] }] } },
        });
        assert(typeof out.inputTokens === "number" && out.inputTokens > 0, "inputTokens");
      },
    },
    {
      name: "chat() and streamChat().text() give the same reply through the chat layer",
      needs: ["root", "emulator", "chat"],
      fn: async () => {
        type ChatFn = (c: Client, o: Record<string, unknown>) => Promise<{ text: string }>;
        type StreamFn = (
          c: Client,
          o: Record<string, unknown>,
        ) => { text(): AsyncIterable<string> };
        const chat = pick<ChatFn>(lib.chat, "chat");
        const streamChat = pick<StreamFn>(lib.chat, "streamChat");
        const c = client(lib, emulatorFetch(lib));
        const options = { model: MODEL, messages: ["Say something about rivers"], maxTokens: 64 };
        const whole = await chat(c, options);
        let text = "";
        for await (const t of streamChat(c, options).text()) text += t;
        assert(whole.text.length > 0, "chat() text");
        assertEquals(text, whole.text, "streamed text");
      },
    },
    {
      name: "a wrong secret is rejected with a 403 whose message and JSON hold no secret",
      needs,
      fn: async () => {
        const secret = "wrong-secret-DO-NOT-PRINT";
        const c = client(lib, emulatorFetch(lib), {
          credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey: secret },
        });
        const err = await assertRejects(() => c.converse(chatInput("hi")), "converse") as Error & {
          $metadata?: { httpStatusCode?: number };
        };
        assertEquals(err.name, "InvalidSignatureException", "name");
        assertEquals(err.$metadata?.httpStatusCode, 403, "status");
        const dump = `${String(err)} ${err.message} ${err.stack ?? ""} ${JSON.stringify(err)}`;
        assert(!dump.includes(secret), "the secret leaked into the error");
        assert(!/Signature=[0-9a-f]{64}/.test(dump), "a signature leaked into the error");
      },
    },
    {
      name: "throttle=1 gives ThrottlingException without retries and succeeds on the 2nd attempt",
      needs,
      fn: async () => {
        const Throttling = errorClass(lib, "ThrottlingException");
        const once = client(lib, emulatorFetch(lib, "throttle=1"), { maxAttempts: 1 });
        const err = await assertRejects(() => once.converse(chatInput("hi")), "throttle") as {
          $fault?: string;
          $metadata?: { httpStatusCode?: number };
        };
        assert(err instanceof Throttling, `expected ThrottlingException, got ${String(err)}`);
        assertEquals(err.$metadata?.httpStatusCode, 429, "status");
        const create = pick<(o?: unknown) => { fetch(r: Request): Promise<Response> }>(
          lib.emulator,
          "createEmulator",
        );
        const emu = create({});
        let first = true;
        const retrying = client(lib, (input, init) => {
          const req = new Request(input, init);
          if (first) req.headers.set(FAULT, "throttle=1");
          first = false;
          return emu.fetch(req);
        }, { maxAttempts: 3 });
        const out = await retrying.converse(chatInput("hi"));
        assertEquals((out.$metadata as { attempts?: number }).attempts, 2, "$metadata.attempts");
      },
    },
    {
      name: "a mid-stream modelStreamErrorException frame throws ModelStreamErrorException",
      needs,
      fn: async () => {
        const Cls = errorClass(lib, "ModelStreamErrorException");
        const c = client(lib, emulatorFetch(lib, "mid-stream-exception=modelStreamErrorException"));
        const out = await c.converseStream(chatInput("Tell me a long story please"));
        let seen = 0;
        const err = await assertRejects(async () => {
          for await (const _ of out.stream as AsyncIterable<unknown>) seen++;
        }, "stream");
        assert(err instanceof Cls, `expected ModelStreamErrorException, got ${String(err)}`);
        assert(seen > 0, "events before the exception");
      },
    },
    {
      name: "a bad CRC in a stream throws EventStreamError from the iterator",
      needs: ["root", "emulator", "errors"],
      fn: async () => {
        const EventStreamError = pick<ErrorClass>(lib.errors, "EventStreamError");
        const c = client(lib, emulatorFetch(lib, "bad-crc"));
        const err = await assertRejects(async () => {
          const out = await c.converseStream(chatInput("Tell me a story"));
          await drain(out.stream);
        }, "stream");
        assert(err instanceof EventStreamError, `expected EventStreamError, got ${String(err)}`);
      },
    },
    {
      name: "an AbortSignal aborts before the call and in the middle of a slow stream",
      needs,
      fn: async () => {
        const pre = new AbortController();
        pre.abort();
        const c = client(lib, emulatorFetch(lib, "slow=40"));
        const e1 = await assertRejects(
          () => c.converse(chatInput("hi"), { signal: pre.signal }),
          "pre",
        );
        assert(e1 !== undefined, "aborted");
        const mid = new AbortController();
        const t0 = Date.now();
        const e2 = await assertRejects(async () => {
          const out = await c.converseStream(chatInput("Tell me a long story"), {
            signal: mid.signal,
          });
          for await (const _ of out.stream as AsyncIterable<unknown>) {
            if (!mid.signal.aborted) setTimeout(() => mid.abort(), 30);
          }
        }, "mid-stream");
        assert(e2 !== undefined && Date.now() - t0 < 3000, "aborted promptly");
      },
    },
  ];
}

function fakeFetchCases(lib: Lib): Case[] {
  return [
    {
      name:
        "without a fetch option the client calls globalThis.fetch with no receiver, as workerd requires",
      needs: ["root", "emulator"],
      fn: async () => {
        const create = pick<(o?: unknown) => { fetch(r: Request): Promise<Response> }>(
          lib.emulator,
          "createEmulator",
        );
        const emu = create({});
        const original = globalThis.fetch;
        // workerd's fetch throws "Illegal invocation" when called as a method of another object.
        globalThis.fetch = function (this: unknown, input: RequestInfo | URL, init?: RequestInit) {
          if (this !== undefined && this !== globalThis) {
            return Promise.reject(
              new TypeError("Illegal invocation: fetch called with a foreign this"),
            );
          }
          return emu.fetch(new Request(input, init));
        } as typeof fetch;
        try {
          const BedrockRuntime = pick<ClientClass>(lib.root, "BedrockRuntime");
          const c = new BedrockRuntime({
            region: "us-east-1",
            endpoint: ENDPOINT,
            credentials: CREDENTIALS,
          });
          const out = await c.converse(chatInput("hi"));
          assertEquals((out.$metadata as { httpStatusCode: number }).httpStatusCode, 200, "status");
        } finally {
          globalThis.fetch = original;
        }
      },
    },
    {
      name: "a JSON error with x-amzn-errortype becomes the modeled ValidationException",
      needs: ["root"],
      fn: async () => {
        const Validation = errorClass(lib, "ValidationException");
        const fetch: Fetch = () =>
          Promise.resolve(
            new Response(JSON.stringify({ message: "Malformed input request: maxTokens" }), {
              status: 400,
              headers: {
                "content-type": "application/json",
                "x-amzn-errortype":
                  "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/",
                "x-amzn-requestid": "req-123",
              },
            }),
          );
        const err = await assertRejects(
          () => client(lib, fetch).converse(chatInput("hi")),
          "converse",
        ) as Error & {
          $fault?: string;
          $metadata?: { httpStatusCode?: number; requestId?: string };
        };
        assert(err instanceof Validation, `expected ValidationException, got ${String(err)}`);
        assertEquals(err.name, "ValidationException", "name");
        assertEquals(err.message, "Malformed input request: maxTokens", "message");
        assertEquals(err.$fault, "client", "$fault");
        assertEquals(err.$metadata?.httpStatusCode, 400, "status");
        assertEquals(err.$metadata?.requestId, "req-123", "requestId");
      },
    },
    {
      name:
        "a hand-encoded throttlingException frame after messageStart throws ThrottlingException",
      needs: ["root", "eventstream"],
      fn: async () => {
        const encode = pick<(m: unknown) => Uint8Array>(
          lib.eventstream,
          "encodeEventStreamMessage",
        );
        const str = (value: string) => ({ type: "string", value });
        const enc = new TextEncoder();
        const frames = [
          encode({
            headers: {
              ":message-type": str("event"),
              ":event-type": str("messageStart"),
              ":content-type": str("application/json"),
            },
            body: enc.encode(JSON.stringify({ role: "assistant", p: "abcd" })),
          }),
          encode({
            headers: {
              ":message-type": str("exception"),
              ":exception-type": str("throttlingException"),
              ":content-type": str("application/json"),
            },
            body: enc.encode(JSON.stringify({ message: "Too many tokens, slow down" })),
          }),
        ];
        const fetch: Fetch = () =>
          Promise.resolve(
            new Response(new Blob(frames as BlobPart[]).stream(), {
              status: 200,
              headers: { "content-type": "application/vnd.amazon.eventstream" },
            }),
          );
        const out = await client(lib, fetch).converseStream(chatInput("hi"));
        const seen: unknown[] = [];
        const err = await assertRejects(async () => {
          for await (const ev of out.stream as AsyncIterable<unknown>) seen.push(ev);
        }, "stream") as Error;
        assert(err instanceof errorClass(lib, "ThrottlingException"), `got ${String(err)}`);
        assertEquals(err.message, "Too many tokens, slow down", "message");
        assertEquals(
          seen,
          [{ messageStart: { role: "assistant" } }],
          "events before the exception",
        );
      },
    },
  ];
}

/** Client cases: emulator round trips, errors, streams, abort. */
export function clientCases(lib: Lib): Case[] {
  return [...fakeFetchCases(lib), ...emulatorCases(lib)];
}
