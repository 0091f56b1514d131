// Fault tests of Transport's stream hand-over, idle timeout and AbortSignal handling against local
// servers on 127.0.0.1. Deno's op sanitizer also fails any test that leaves a timer behind.
import assert from "node:assert/strict";
import {
  BedrockNetworkError,
  BedrockTimeoutError,
  ThrottlingException,
  ValidationException,
} from "../../src/errors.ts";
import {
  CONVERSE,
  CONVERSE_STREAM,
  hang,
  jsonError,
  jsonOk,
  makeTransport,
  rawServer,
  rejection,
  serve,
  until,
  write,
} from "./_helpers.ts";

const EVENT_STREAM = { "content-type": "application/vnd.amazon.eventstream" };
const enc = new TextEncoder();

/** A response body that sends `chunks` then stalls; `state.cancelled` turns true when cancelled. */
function stallingBody(chunks: string[], state: { cancelled: boolean }): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
    },
    cancel() {
      state.cancelled = true;
    },
  });
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

Deno.test("Transport.send() hands a stream over with $metadata and an empty body", async () => {
  const server = serve(() =>
    new Response(new Blob(["frame-1", "frame-2"]).stream(), {
      headers: { ...EVENT_STREAM, "x-amzn-requestid": "req-stream" },
    })
  );
  try {
    const res = await makeTransport(server.url).send(CONVERSE_STREAM);
    assert.equal(res.body.length, 0);
    assert.ok(res.stream);
    assert.equal(await readAll(res.stream), "frame-1frame-2");
    assert.deepEqual(res.$metadata, {
      httpStatusCode: 200,
      requestId: "req-stream",
      attempts: 1,
      totalRetryDelay: 0,
    });
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() errors a stream with BedrockTimeoutError('idle') and cancels the body", async () => {
  const state = { cancelled: false };
  const server = serve(() =>
    new Response(stallingBody(["first"], state), { headers: EVENT_STREAM })
  );
  try {
    const res = await makeTransport(server.url, { streamIdleTimeoutMs: 100 }).send(CONVERSE_STREAM);
    const reader = res.stream!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), "first");
    const started = performance.now();
    const error = await rejection(reader.read());
    assert.ok(error instanceof BedrockTimeoutError);
    assert.equal(error.kind, "idle");
    assert.equal(error.timeoutMs, 100);
    assert.ok(performance.now() - started >= 90);
    await until(() => state.cancelled, 2000, "the server to see the body cancelled");
    assert.equal(server.requests.length, 1); // never retried after the hand-over
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() reports a mid-stream connection reset as BedrockNetworkError, without retry", async () => {
  const server = rawServer(async (conn) => {
    await write(
      conn,
      "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n",
    );
    await new Promise((r) => setTimeout(r, 20));
    conn.close(); // reset mid-body, without the terminating chunk
  });
  try {
    const res = await makeTransport(server.url).send(CONVERSE_STREAM);
    const reader = res.stream!.getReader();
    assert.equal(new TextDecoder().decode((await reader.read()).value), "hello");
    const error = await rejection(reader.read());
    assert.ok(error instanceof BedrockNetworkError, String(error));
    assert.match(error.message, /^Cannot read response stream: /);
    assert.equal(server.connections, 1);
  } finally {
    server.close();
  }
});

Deno.test("Transport.send() reads a JSON body on a stream call as an error, never as a stream", async () => {
  const server = serve((_req, i) =>
    i === 0
      ? jsonError(429, "ThrottlingException", "slow down")
      : new Response(JSON.stringify({ message: "Malformed input request" }), {
        status: 200,
        headers: { "content-type": "application/json", "x-amzn-errortype": "ValidationException" },
      })
  );
  try {
    const error = await rejection(makeTransport(server.url).send(CONVERSE_STREAM));
    assert.ok(error instanceof ValidationException, String(error));
    assert.equal(error.message, "Malformed input request");
    assert.equal(error.$metadata.attempts, 2); // the 429 before it was retried
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() rejects with signal.reason when aborted before sending", async () => {
  const server = serve(() => jsonOk({}));
  try {
    const reason = { why: "user navigated away" };
    const controller = new AbortController();
    controller.abort(reason);
    const error = await rejection(
      makeTransport(server.url).send(CONVERSE, { signal: controller.signal }),
    );
    assert.equal(error, reason); // not wrapped
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() rejects with signal.reason when aborted while waiting for headers", async () => {
  let clientGone = false;
  const server = serve(async (req) => {
    const res = await hang(req);
    clientGone = true;
    return res;
  });
  try {
    const controller = new AbortController();
    const pending = makeTransport(server.url).send(CONVERSE, { signal: controller.signal });
    await until(() => server.requests.length === 1, 2000, "the request");
    const reason = new Error("stop");
    controller.abort(reason);
    assert.equal(await rejection(pending), reason);
    await until(() => clientGone, 2000, "the server to see the connection close");
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() rejects with signal.reason when aborted during the retry backoff", async () => {
  const server = serve(() =>
    jsonError(503, "ServiceUnavailableException", "down", { "retry-after": "5" })
  );
  try {
    const controller = new AbortController();
    const started = performance.now();
    const pending = makeTransport(server.url, { sleep: undefined }).send(CONVERSE, {
      signal: controller.signal,
    });
    await until(() => server.requests.length === 1, 2000, "the first attempt");
    await new Promise((r) => setTimeout(r, 30));
    controller.abort(new DOMException("cancelled", "AbortError"));
    const error = await rejection(pending);
    assert.ok(error instanceof DOMException && error.name === "AbortError");
    assert.ok(performance.now() - started < 2000, "the 5 s backoff was cut short");
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() errors a stream with signal.reason when aborted mid-body and cancels it", async () => {
  const state = { cancelled: false };
  const server = serve(() => new Response(stallingBody(["one"], state), { headers: EVENT_STREAM }));
  try {
    const controller = new AbortController();
    const res = await makeTransport(server.url).send(CONVERSE_STREAM, {
      signal: controller.signal,
    });
    const reader = res.stream!.getReader();
    await reader.read();
    const pending = reader.read();
    const reason = new Error("user stop");
    controller.abort(reason);
    assert.equal(await rejection(pending), reason);
    await until(() => state.cancelled, 2000, "the server to see the body cancelled");
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() rejects with signal.reason when aborted while reading a whole body", async () => {
  const state = { cancelled: false };
  const server = serve(() =>
    new Response(stallingBody(['{"partial":'], state), {
      headers: { "content-type": "application/json" },
    })
  );
  try {
    const controller = new AbortController();
    const pending = makeTransport(server.url).send(CONVERSE, { signal: controller.signal });
    await until(() => server.requests.length === 1, 2000, "the request");
    await new Promise((r) => setTimeout(r, 30));
    const reason = new Error("stop reading");
    controller.abort(reason);
    assert.equal(await rejection(pending), reason);
    await until(() => state.cancelled, 2000, "the server to see the body cancelled");
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() cancels the body when the caller cancels the stream", async () => {
  const state = { cancelled: false };
  const server = serve(() => new Response(stallingBody(["one"], state), { headers: EVENT_STREAM }));
  try {
    const res = await makeTransport(server.url).send(CONVERSE_STREAM);
    const reader = res.stream!.getReader();
    await reader.read();
    await reader.cancel("done early");
    await until(() => state.cancelled, 2000, "the server to see the body cancelled");
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() retries a 429 on a stream call before any byte reached the caller", async () => {
  const server = serve((_req, i) =>
    i === 0
      ? jsonError(429, "ThrottlingException", "slow")
      : new Response("frames", { headers: EVENT_STREAM })
  );
  try {
    const res = await makeTransport(server.url).send(CONVERSE_STREAM);
    assert.equal(await readAll(res.stream!), "frames");
    assert.equal(res.$metadata.attempts, 2);
    const always = serve(() => jsonError(429, "ThrottlingException", "slow"));
    try {
      const error = await rejection(makeTransport(always.url).send(CONVERSE_STREAM));
      assert.ok(error instanceof ThrottlingException);
      assert.equal(error.$metadata.attempts, 3);
    } finally {
      await always.close();
    }
  } finally {
    await server.close();
  }
});
