// guardStream(), abortableSleep() and userAgent() on in-memory inputs.
import assert from "node:assert/strict";
import { BedrockNetworkError, BedrockTimeoutError } from "../../src/errors.ts";
import { abortableSleep, raceAbort } from "../../src/_abort.ts";
import { guardStream, toNetworkError } from "../../src/http/stream.ts";
import { userAgent } from "../../src/http/user_agent.ts";

function source(chunks: string[], state: { cancelled?: unknown; pulls: number }) {
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(c) {
      state.pulls++;
      if (i < chunks.length) c.enqueue(enc.encode(chunks[i++]));
      // then stall: no close, no enqueue
    },
    cancel(reason) {
      state.cancelled = reason ?? "cancelled";
    },
  }, { highWaterMark: 0 });
}

Deno.test("guardStream() passes chunks through and closes with the source", async () => {
  const aborted: unknown[] = [];
  const out = guardStream(new Blob(["ab", "cd"]).stream(), {
    idleTimeoutMs: 1000,
    abort: (r) => aborted.push(r),
  });
  assert.equal(await new Response(out).text(), "abcd");
  assert.deepEqual(aborted, []);
});

Deno.test("guardStream() counts idle time only while the consumer waits", async () => {
  const state = { pulls: 0 } as { cancelled?: unknown; pulls: number };
  const out = guardStream(source(["a", "b"], state), { idleTimeoutMs: 60, abort: () => {} });
  const reader = out.getReader();
  await reader.read();
  await new Promise((r) => setTimeout(r, 120)); // a slow consumer is not an idle server
  assert.equal((await reader.read()).done, false);
  const error = await reader.read().then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof BedrockTimeoutError && error.kind === "idle");
  assert.ok(error.message.startsWith("Cannot read stream: "));
  assert.ok(state.cancelled instanceof BedrockTimeoutError, "source cancelled with the timeout");
});

Deno.test("guardStream() errors with signal.reason on abort and aborts the request", async () => {
  const state = { pulls: 0 } as { cancelled?: unknown; pulls: number };
  const controller = new AbortController();
  const aborted: unknown[] = [];
  const out = guardStream(source(["a"], state), {
    signal: controller.signal,
    abort: (r) => aborted.push(r),
  });
  const reader = out.getReader();
  await reader.read();
  const pending = reader.read();
  const reason = { custom: true };
  controller.abort(reason);
  assert.equal(await pending.then(() => undefined, (e: unknown) => e), reason);
  assert.deepEqual(aborted, [reason]);
  assert.equal(state.cancelled, reason);
});

Deno.test("guardStream() with an already-aborted signal errors at once", async () => {
  const state = { pulls: 0 } as { cancelled?: unknown; pulls: number };
  const out = guardStream(source(["a"], state), {
    signal: AbortSignal.abort("gone"),
    abort: () => {},
  });
  assert.equal(await out.getReader().read().then(() => undefined, (e: unknown) => e), "gone");
  assert.equal(state.pulls, 0);
});

Deno.test("guardStream() wraps a source failure in BedrockNetworkError with the cause", async () => {
  const cause = new TypeError("error reading a body from connection");
  const failing = new ReadableStream<Uint8Array>({
    pull() {
      throw cause;
    },
  });
  const out = guardStream(failing, { abort: () => {} });
  const error = await out.getReader().read().then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof BedrockNetworkError);
  assert.equal(error.cause, cause);
  assert.equal(error.message, "Cannot read response stream: error reading a body from connection");
});

Deno.test("guardStream() forwards a consumer cancel to the source and the request", async () => {
  const state = { pulls: 0 } as { cancelled?: unknown; pulls: number };
  const aborted: unknown[] = [];
  const out = guardStream(source(["a"], state), {
    idleTimeoutMs: 50,
    abort: (r) => aborted.push(r),
  });
  await out.cancel("enough");
  assert.equal(state.cancelled, "enough");
  assert.deepEqual(aborted, ["enough"]);
});

Deno.test("toNetworkError() keeps library errors and wraps the rest", () => {
  const timeout = new BedrockTimeoutError("request", 5);
  assert.equal(toNetworkError(timeout, "send request"), timeout);
  assert.equal(toNetworkError("boom", "send request").message, "Cannot send request: boom");
});

Deno.test("abortableSleep() and raceAbort() reject with signal.reason and leave no timer", async () => {
  const c = new AbortController();
  const sleeping = abortableSleep(10_000, c.signal);
  c.abort("stop");
  assert.equal(await sleeping.then(() => undefined, (e: unknown) => e), "stop");
  await assert.rejects(abortableSleep(5, AbortSignal.abort("now")), (e) => e === "now");
  await abortableSleep(1);
  const c2 = new AbortController();
  const racing = raceAbort(new Promise(() => {}), c2.signal);
  c2.abort("late");
  assert.equal(await racing.then(() => undefined, (e: unknown) => e), "late");
  assert.equal(await raceAbort(Promise.resolve(3), new AbortController().signal), 3);
});

Deno.test("userAgent() names the library, the runtime and an optional app id", () => {
  assert.match(
    userAgent(),
    /^bedrock-fetch\/0\.1\.0 ua\/2\.1 lang\/js md\/deno#\d[\w.-]* api\/bedrock-runtime$/,
  );
  assert.equal(userAgent("my app/1"), `${userAgent()} app/my-app-1`);
});

Deno.test("userAgent() reports the library version deno.json declares", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assert.ok(userAgent().startsWith(`bedrock-fetch/${config.version} `));
});
