// Conformance cases for failures: modeled errors from JSON and from stream frames, emulator fault
// injection (throttle, mid-stream exception, bad CRC), wrong secrets, abort, and the default
// fetch's receiver (workerd's "Illegal invocation").

import { assert, assertEquals, assertRejects, type Case, type Lib, pick } from "./conformance.ts";
import {
  chatInput,
  client,
  type ClientClass,
  CREDENTIALS,
  drain,
  emulatorFetch,
  ENDPOINT,
  type ErrorClass,
  errorClass,
  FAULT,
  type Fetch,
} from "./_client_util.ts";

function emulatorFaultCases(lib: Lib): Case[] {
  const needs: Case["needs"] = ["root", "emulator"];
  return [
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
/** Error, fault and abort cases. */
export function faultCases(lib: Lib): Case[] {
  return [...fakeFetchCases(lib), ...emulatorFaultCases(lib)];
}
