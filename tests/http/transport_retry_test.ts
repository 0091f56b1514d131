// Fault tests of Transport's retry policy against local servers on 127.0.0.1.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  BedrockNetworkError,
  BedrockRuntimeServiceException,
  BedrockTimeoutError,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from "../../src/errors.ts";
import { RetryQuota } from "../../src/http/transport.ts";
import {
  CONVERSE,
  fakeSleep,
  hang,
  jsonError,
  jsonOk,
  makeTransport,
  rawServer,
  rejection,
  serve,
  write,
} from "./_helpers.ts";

Deno.test("Transport.send() retries a 429 ThrottlingException and succeeds on attempt 2", async () => {
  const server = serve((_req, i) =>
    i === 0 ? jsonError(429, "ThrottlingException", "Too many requests") : jsonOk({ ok: true })
  );
  const { delays, sleep } = fakeSleep();
  try {
    const res = await makeTransport(server.url, { sleep }).send(CONVERSE);
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(res.body)), { ok: true });
    assert.equal(res.$metadata.attempts, 2);
    assert.equal(res.$metadata.requestId, "req-ok");
    assert.equal(server.requests.length, 2);
    // throttling backoff: floor(0.5 × 1000 ms × 2^0)
    assert.deepEqual(delays, [500]);
    assert.equal(res.$metadata.totalRetryDelay, 500);
    const [a, b] = server.requests.map((r) => r.headers);
    assert.equal(a!.get("amz-sdk-request"), "attempt=1; max=3");
    assert.equal(b!.get("amz-sdk-request"), "attempt=2; max=3");
    assert.equal(a!.get("amz-sdk-invocation-id"), b!.get("amz-sdk-invocation-id"));
    assert.match(a!.get("amz-sdk-invocation-id")!, /^[0-9a-f-]{36}$/);
    assert.notEqual(a!.get("authorization"), b!.get("authorization")); // re-signed
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() signs each attempt with a fresh x-amz-date", async () => {
  const server = serve((_req, i) =>
    i === 0 ? jsonError(503, "ServiceUnavailableException", "down") : jsonOk({})
  );
  let clock = Date.UTC(2026, 0, 1, 0, 0, 0);
  try {
    await makeTransport(server.url, {
      now: () => (clock += 1000),
    }).send(CONVERSE);
    const dates = server.requests.map((r) => r.headers.get("x-amz-date"));
    assert.equal(dates.length, 2);
    assert.notEqual(dates[0], dates[1]);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() hashes a large body once for all its attempts", async () => {
  const server = serve((_req, i) =>
    i === 0 ? jsonError(503, "ServiceUnavailableException", "down") : jsonOk({})
  );
  const body = JSON.stringify({ text: "é".repeat(40_000) });
  const digest = crypto.subtle.digest;
  let digests = 0;
  crypto.subtle.digest = function (...args: Parameters<typeof digest>) {
    digests++;
    return digest.apply(this, args);
  };
  try {
    await makeTransport(server.url).send({ ...CONVERSE, body });
    const hash = createHash("sha256").update(body).digest("hex");
    assert.deepEqual(server.requests.map((r) => r.headers.get("x-amz-content-sha256")), [
      hash,
      hash,
    ]);
    assert.equal(digests, 1);
  } finally {
    crypto.subtle.digest = digest;
    await server.close();
  }
});

Deno.test("Transport.send() gives up on a 5xx after 3 attempts and throws the last error", async () => {
  const server = serve((_req, i) => jsonError(503, "ServiceUnavailableException", `down ${i}`));
  const { delays, sleep } = fakeSleep();
  try {
    const error = await rejection(makeTransport(server.url, { sleep }).send(CONVERSE));
    assert.ok(error instanceof ServiceUnavailableException);
    assert.equal(error.message, "down 2");
    assert.equal(error.$fault, "server");
    assert.equal(error.$metadata.httpStatusCode, 503);
    assert.equal(error.$metadata.attempts, 3);
    assert.equal(server.requests.length, 3);
    // transient backoff: floor(0.5 × 50 ms × 2^n)
    assert.deepEqual(delays, [25, 50]);
    assert.equal(error.$metadata.totalRetryDelay, 75);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() never retries a 4xx ValidationException or AccessDeniedException", async () => {
  for (
    const [status, type] of [[400, "ValidationException"], [403, "AccessDeniedException"]] as const
  ) {
    const server = serve(() =>
      jsonError(status, type, "The provided model identifier is invalid.")
    );
    try {
      const error = await rejection(makeTransport(server.url).send(CONVERSE));
      assert.ok(error instanceof BedrockRuntimeServiceException);
      assert.equal(error.name, type);
      if (type === "ValidationException") assert.ok(error instanceof ValidationException);
      assert.equal(error.message, "The provided model identifier is invalid.");
      assert.equal(error.$metadata.attempts, 1);
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  }
});

Deno.test("Transport.send() honours Retry-After in seconds, as an HTTP date and x-amz-retry-after", async () => {
  const now = Date.UTC(2026, 10, 22, 5, 0, 0);
  const cases: [Record<string, string>, number][] = [
    [{ "retry-after": "3" }, 3000],
    [{ "retry-after": new Date(now + 4000).toUTCString() }, 4000],
    [{ "x-amz-retry-after": "1500" }, 1500],
    [{ "retry-after": "60" }, 20_000], // capped at the SDK's 20 s maximum
  ];
  for (const [headers, expected] of cases) {
    const server = serve((_req, i) =>
      i === 0 ? jsonError(429, "ThrottlingException", "slow down", headers) : jsonOk({})
    );
    const { delays, sleep } = fakeSleep();
    try {
      const res = await makeTransport(server.url, { sleep, random: () => 0, now: () => now })
        .send(CONVERSE);
      assert.deepEqual(delays, [expected], JSON.stringify(headers));
      assert.equal(res.$metadata.totalRetryDelay, expected);
    } finally {
      await server.close();
    }
  }
});

Deno.test("Transport.send() waits a real Retry-After of 0.2 s before retrying", async () => {
  const times: number[] = [];
  const server = serve((_req, i) => {
    times.push(performance.now());
    return i === 0
      ? jsonError(429, "ThrottlingException", "wait", { "retry-after": "0.2" })
      : jsonOk({});
  });
  try {
    const res = await makeTransport(server.url, { sleep: undefined, random: () => 0 }).send(
      CONVERSE,
    );
    assert.equal(res.$metadata.attempts, 2);
    assert.ok(times[1]! - times[0]! >= 190, `waited ${times[1]! - times[0]!} ms`);
    assert.equal(res.$metadata.totalRetryDelay, 200);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() corrects a skewed clock from the server's Date and retries once", async () => {
  const SKEW = 15 * 60_000; // the client runs 15 minutes slow
  const server = serve((req) => {
    const amz = req.headers.get("x-amz-date")!;
    const sent = Date.UTC(
      +amz.slice(0, 4),
      +amz.slice(4, 6) - 1,
      +amz.slice(6, 8),
      +amz.slice(9, 11),
      +amz.slice(11, 13),
      +amz.slice(13, 15),
    );
    const date = new Date().toUTCString();
    if (Math.abs(sent - Date.now()) > 5 * 60_000) {
      return jsonError(403, "InvalidSignatureException", `Signature not yet current: ${amz}`, {
        date,
      });
    }
    return jsonOk({ ok: true }, { date });
  });
  try {
    const transport = makeTransport(server.url, { now: () => Date.now() - SKEW });
    const res = await transport.send(CONVERSE);
    assert.equal(res.$metadata.attempts, 2);
    assert.ok(Math.abs(transport.clockOffsetMs - SKEW) < 2000, `offset ${transport.clockOffsetMs}`);
    const again = await transport.send(CONVERSE); // the stored offset is used from now on
    assert.equal(again.$metadata.attempts, 1);
    assert.equal(server.requests.length, 3);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() does not retry a clock-skew error when the Date header shows no skew", async () => {
  const server = serve(() =>
    jsonError(403, "SignatureDoesNotMatch", "The request signature we calculated does not match")
  );
  try {
    const error = await rejection(makeTransport(server.url).send(CONVERSE));
    assert.ok(error instanceof BedrockRuntimeServiceException);
    assert.equal(error.name, "SignatureDoesNotMatch");
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() retries a connection reset before response headers", async () => {
  const server = rawServer(async (conn, i) => {
    if (i === 0) return conn.close(); // reset: the client never gets a status line
    const body = '{"ok":true}';
    await write(
      conn,
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
    conn.close();
  });
  try {
    const res = await makeTransport(server.url).send(CONVERSE);
    assert.equal(res.$metadata.attempts, 2);
    assert.equal(server.connections, 2);
    assert.equal(new TextDecoder().decode(res.body), '{"ok":true}');
  } finally {
    server.close();
  }
});

Deno.test("Transport.send() throws BedrockNetworkError when every attempt is reset", async () => {
  const server = rawServer((conn) => Promise.resolve(conn.close()));
  try {
    const error = await rejection(makeTransport(server.url, { maxAttempts: 2 }).send(CONVERSE));
    assert.ok(error instanceof BedrockNetworkError, String(error));
    assert.match(error.message, /^Cannot send request: /);
    assert.ok(error.cause !== undefined);
    assert.equal(server.connections, 2);
  } finally {
    server.close();
  }
});

Deno.test("Transport.send() retries a request timeout, then throws BedrockTimeoutError('request')", async () => {
  const server = serve(hang); // never answers
  try {
    const error = await rejection(
      makeTransport(server.url, { requestTimeoutMs: 80, maxAttempts: 2 }).send(CONVERSE),
    );
    assert.ok(error instanceof BedrockTimeoutError);
    assert.equal(error.kind, "request");
    assert.equal(error.timeoutMs, 80);
    assert.equal(server.requests.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() stops retrying when the retry quota is exhausted", async () => {
  const server = serve(() => jsonError(500, "InternalServerException", "boom"));
  try {
    const quota = new RetryQuota(20); // one transient retry (14 tokens), then 6 are left
    const transport = makeTransport(server.url, { retryQuota: quota, maxAttempts: 5 });
    const first = await rejection(transport.send(CONVERSE));
    assert.equal((first as BedrockRuntimeServiceException).$metadata.attempts, 2);
    assert.equal(quota.capacity, 6);
    const second = await rejection(transport.send(CONVERSE));
    assert.equal((second as BedrockRuntimeServiceException).$metadata.attempts, 1);
    assert.equal(server.requests.length, 3);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() refunds the retry cost to the quota on success", async () => {
  const server = serve((_req, i) =>
    i % 2 === 0 ? jsonError(429, "ThrottlingException", "slow") : jsonOk({})
  );
  try {
    const quota = new RetryQuota(500);
    const transport = makeTransport(server.url, { retryQuota: quota });
    await transport.send(CONVERSE);
    assert.equal(quota.capacity, 500); // took 5, refunded 5
    const drained = new RetryQuota(500);
    drained.acquire("transient");
    const t2 = makeTransport(server.url, { retryQuota: drained });
    await t2.send(CONVERSE);
    assert.equal(drained.capacity, 486); // 500 − 14, then −5 +5 for the throttle retry
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() retries ModelNotReadyException (retryable trait) but not ModelTimeoutException", async () => {
  const ready = serve((_req, i) =>
    i === 0 ? jsonError(429, "ModelNotReadyException", "warming up") : jsonOk({})
  );
  const timeout = serve(() => jsonError(408, "ModelTimeoutException", "took too long"));
  try {
    assert.equal((await makeTransport(ready.url).send(CONVERSE)).$metadata.attempts, 2);
    const error = await rejection(makeTransport(timeout.url).send(CONVERSE));
    assert.equal((error as Error).name, "ModelTimeoutException");
    assert.equal(timeout.requests.length, 1);
  } finally {
    await ready.close();
    await timeout.close();
  }
});

Deno.test("Transport.send() types an error response without a type from its status", async () => {
  const server = serve(() => new Response("<html>Bad Gateway</html>", { status: 502 }));
  try {
    const error = await rejection(makeTransport(server.url, { maxAttempts: 2 }).send(CONVERSE));
    assert.ok(error instanceof BedrockRuntimeServiceException);
    assert.equal(error.name, "UnknownError");
    assert.equal(error.$fault, "server");
    assert.equal(error.$metadata.httpStatusCode, 502);
    assert.equal(error.$metadata.attempts, 2); // 502 is transient
    assert.match(error.message, /status 502.*Bad Gateway/);
    const throttled = serve(() => new Response("", { status: 429 }));
    try {
      const e2 = await rejection(makeTransport(throttled.url, { maxAttempts: 1 }).send(CONVERSE));
      assert.ok(e2 instanceof ThrottlingException);
    } finally {
      await throttled.close();
    }
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() retries a non-stream body cut short (nothing reached the caller yet)", async () => {
  const server = rawServer(async (conn, i) => {
    const body = '{"ok":true}';
    if (i === 0) {
      await write(
        conn,
        `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"ok":`,
      );
      await new Promise((r) => setTimeout(r, 20));
      return conn.close(); // 94 bytes short
    }
    await write(
      conn,
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
    conn.close();
  });
  try {
    const res = await makeTransport(server.url).send(CONVERSE);
    assert.equal(res.$metadata.attempts, 2);
    assert.equal(new TextDecoder().decode(res.body), '{"ok":true}');
  } finally {
    server.close();
  }
});
