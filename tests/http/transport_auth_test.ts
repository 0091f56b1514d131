// Transport signing, bearer tokens, headers, hooks and secret hygiene, against local servers.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  BedrockCredentialsError,
  BedrockInputError,
  BedrockNetworkError,
} from "../../src/errors.ts";
import { Transport } from "../../src/http/transport.ts";
import {
  ACCESS_KEY,
  BEARER,
  CONVERSE,
  jsonError,
  jsonOk,
  makeTransport,
  rejection,
  SECRET_KEY,
  type Seen,
  serve,
  SESSION_TOKEN,
} from "./_helpers.ts";

function signedHeadersOf(seen: Seen): string {
  return /SignedHeaders=([^,]+)/.exec(seen.headers.get("authorization") ?? "")?.[1] ?? "";
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

Deno.test("Transport.send() signs the headers the AWS SDK signs and leaves user-agent unsigned", async () => {
  const server = serve(() => jsonOk({}));
  try {
    await makeTransport(server.url).send(CONVERSE);
    const seen = server.requests[0]!;
    assert.equal(
      signedHeadersOf(seen),
      "amz-sdk-invocation-id;amz-sdk-request;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-user-agent",
    );
    assert.match(
      seen.headers.get("authorization")!,
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/\\d{8}/us-east-1/bedrock/aws4_request`,
      ),
    );
    assert.equal(seen.headers.get("x-amz-security-token"), SESSION_TOKEN);
    const ua = seen.headers.get("user-agent")!;
    assert.match(
      ua,
      /^bedrock-fetch\/0\.1\.0 ua\/2\.1 lang\/js md\/deno#[\w.-]+ api\/bedrock-runtime$/,
    );
    assert.equal(seen.headers.get("x-amz-user-agent"), ua);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(CONVERSE.body));
    assert.equal(seen.headers.get("x-amz-content-sha256"), hex(digest));
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() produces the signature @smithy/signature-v4 computes for the received request", async () => {
  const server = serve(() => jsonOk({}));
  try {
    await makeTransport(server.url).send(CONVERSE);
    const seen = server.requests[0]!;
    const url = new URL(seen.url);
    const signed = signedHeadersOf(seen).split(";");
    const headers: Record<string, string> = {};
    for (const name of signed) headers[name] = name === "host" ? url.host : seen.headers.get(name)!;
    const amz = headers["x-amz-date"]!;
    const date = new Date(
      `${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${
        amz.slice(11, 13)
      }:${amz.slice(13, 15)}Z`,
    );
    const sdk = new SignatureV4({
      service: "bedrock",
      region: "us-east-1",
      sha256: Sha256,
      credentials: {
        accessKeyId: ACCESS_KEY,
        secretAccessKey: SECRET_KEY,
        sessionToken: SESSION_TOKEN,
      },
    });
    const request = new HttpRequest({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      // the wire path as the SDK's serializer builds it (model id encoded once); its signer
      // encodes each segment again for the canonical URI
      path: CONVERSE.path,
      headers,
      body: CONVERSE.body,
    });
    const expected = await sdk.sign(request, { signingDate: date });
    assert.equal(seen.headers.get("authorization"), expected.headers["authorization"]);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() signs with a configured hashBody (sync or async), once per call, and checks what it returns", async () => {
  const server = serve((_req, i) =>
    i % 2 === 0 ? jsonError(503, "ServiceUnavailableException", "down") : jsonOk({})
  );
  const body = JSON.stringify({ text: "é".repeat(40_000) });
  const want = createHash("sha256").update(body).digest("hex");
  try {
    for (const async of [false, true]) {
      const seen: (Uint8Array | string)[] = [];
      const hashBody = (b: Uint8Array | string) => {
        seen.push(b);
        const h = createHash("sha256").update(b).digest("hex");
        return async ? Promise.resolve(h) : h;
      };
      const before = server.requests.length;
      await makeTransport(server.url, { hashBody }).send({ ...CONVERSE, body });
      assert.deepEqual(seen, [body], "called once for both attempts, with the body as given");
      const sent = server.requests.slice(before).map((r) => r.headers.get("x-amz-content-sha256"));
      assert.deepEqual(sent, [want, want]);
    }
    // A bad hash fails clearly (naming the option), before any request; so does a rejection.
    const before = server.requests.length;
    for (
      const hashBody of [
        () => "ABC",
        () => Promise.resolve(want.toUpperCase()),
        () => Promise.reject(new Error("hasher down")),
      ]
    ) {
      await assert.rejects(
        makeTransport(server.url, { hashBody }).send({ ...CONVERSE, body }),
        (e: Error) =>
          e.message === "hasher down" ||
          (e instanceof BedrockInputError && /hashBody/.test(e.message)),
      );
    }
    assert.equal(server.requests.length, before);
    // Not called for an empty body, nor with a bearer token.
    let calls = 0;
    const counting = () => (calls++, want);
    await makeTransport(server.url, { hashBody: counting }).send({ ...CONVERSE, body: "" });
    await makeTransport(server.url, { hashBody: counting, token: () => Promise.resolve(BEARER) })
      .send(CONVERSE);
    assert.equal(calls, 0);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() leaves no unhandled rejection when the body's hash fails while the region fails first", async () => {
  const digest = crypto.subtle.digest;
  crypto.subtle.digest = () => Promise.reject(new Error("digest down"));
  try {
    const body = "x".repeat(10_000);
    for (const extra of [{}, { hashBody: () => Promise.reject(new Error("hasher down")) }]) {
      await assert.rejects(
        makeTransport("http://127.0.0.1:9", {
          ...extra,
          region: () => Promise.reject(new Error("no region")),
        }).send({ ...CONVERSE, body }),
        /no region/,
      );
    }
    // let a would-be unhandled rejection surface inside this test
    await new Promise((r) => setTimeout(r, 10));
  } finally {
    crypto.subtle.digest = digest;
  }
});

Deno.test("Transport.send() with a bearer token sends Authorization: Bearer and no SigV4 headers", async () => {
  const server = serve(() => jsonOk({}));
  try {
    await makeTransport(server.url, { token: () => Promise.resolve(BEARER) }).send(CONVERSE);
    const h = server.requests[0]!.headers;
    assert.equal(h.get("authorization"), `Bearer ${BEARER}`);
    for (const name of ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]) {
      assert.equal(h.get(name), null, name);
    }
    assert.equal(h.get("amz-sdk-request"), "attempt=1; max=3");
    assert.equal(h.get("content-type"), "application/json");
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() falls back to SigV4 when the token provider yields nothing", async () => {
  const server = serve(() => jsonOk({}));
  try {
    await makeTransport(server.url, { token: () => Promise.resolve(undefined) }).send(CONVERSE);
    assert.match(server.requests[0]!.headers.get("authorization")!, /^AWS4-HMAC-SHA256 /);
  } finally {
    await server.close();
  }
});

Deno.test("Transport.send() throws BedrockCredentialsError without credentials or token, before any request", async () => {
  const server = serve(() => jsonOk({}));
  try {
    const transport = new Transport({
      endpoint: () => Promise.resolve(server.url),
      region: () => Promise.resolve("us-east-1"),
    });
    const error = await rejection(transport.send(CONVERSE));
    assert.ok(error instanceof BedrockCredentialsError);
    assert.match(error.message, /^Cannot sign request: /);
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

Deno.test("Transport hooks are called in order with redacted headers and never see a secret", async () => {
  const server = serve((_req, i) =>
    i === 0 ? jsonError(429, "ThrottlingException", "slow") : jsonOk({})
  );
  const events: string[] = [];
  const contexts: unknown[] = [];
  try {
    await makeTransport(server.url, {
      hooks: {
        onRequest: (ctx) => {
          events.push(`request:${ctx.attempt}`);
          contexts.push(ctx);
          assert.equal(ctx.headers["authorization"], "[redacted]");
          assert.equal(ctx.headers["x-amz-security-token"], "[redacted]");
          assert.equal(ctx.operation, "Converse");
          assert.equal(ctx.maxAttempts, 3);
        },
        onResponse: (ctx) => {
          events.push(`response:${ctx.attempt}:${ctx.status}`);
          contexts.push({ ...ctx, headers: Object.fromEntries(ctx.headers) });
        },
        onRetry: (ctx) => {
          events.push(`retry:${ctx.attempt}:${ctx.kind}:${ctx.delayMs}`);
          contexts.push({ ...ctx, error: String(ctx.error) });
        },
      },
    }).send(CONVERSE);
    assert.deepEqual(events, [
      "request:1",
      "response:1:429",
      "retry:1:throttling:500",
      "request:2",
      "response:2:200",
    ]);
    const dump = JSON.stringify(contexts);
    for (const secret of [SECRET_KEY, SESSION_TOKEN, "Signature="]) {
      assert.ok(!dump.includes(secret), `hooks saw ${secret}`);
    }
  } finally {
    await server.close();
  }
});

Deno.test("Transport errors never contain the secret key, session token, bearer token or signature", async () => {
  const unreachable = serve(() => jsonOk({}));
  const url = unreachable.url;
  await unreachable.close(); // nothing listens there any more: connection refused
  const errors: unknown[] = [];
  errors.push(await rejection(makeTransport(url, { maxAttempts: 1 }).send(CONVERSE)));
  errors.push(
    await rejection(
      makeTransport(url, { maxAttempts: 1, token: () => Promise.resolve(BEARER) }).send(CONVERSE),
    ),
  );
  const denied = serve(() =>
    jsonError(
      403,
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
    )
  );
  try {
    errors.push(await rejection(makeTransport(denied.url).send(CONVERSE)));
  } finally {
    await denied.close();
  }
  assert.ok(errors[0] instanceof BedrockNetworkError);
  assert.equal((errors[2] as Error).name, "UnrecognizedClientException");
  for (const error of errors) {
    const e = error as Error;
    const text = [e.message, String(e), e.stack, JSON.stringify(e), String(e.cause)].join("\n");
    for (const secret of [SECRET_KEY, SESSION_TOKEN, BEARER, "Signature="]) {
      assert.ok(!text.includes(secret), `${e.name} leaks ${secret}`);
    }
  }
});

Deno.test("Transport.send() rejects an endpoint that is not an http(s) URL once, without retries", async () => {
  let calls = 0;
  const transport = new Transport({
    endpoint: () => Promise.resolve("bedrock.local:8080"),
    region: () => Promise.resolve("us-east-1"),
    token: () => Promise.resolve(BEARER),
    fetch: () => {
      calls++;
      return Promise.resolve(new Response("{}"));
    },
  });
  const error = await rejection(transport.send(CONVERSE));
  assert.ok(error instanceof BedrockInputError);
  assert.equal(error.message, "Invalid endpoint: must be an absolute http(s) URL");
  assert.equal(calls, 0);
});

Deno.test("Transport.send() tolerates a trailing slash on the endpoint", async () => {
  const server = serve(() => jsonOk({}));
  try {
    await makeTransport(`${server.url}/`).send(CONVERSE);
    assert.equal(new URL(server.requests[0]!.url).pathname, CONVERSE.path);
  } finally {
    await server.close();
  }
});

Deno.test("Transport rejects out-of-range maxAttempts and timeouts with BedrockInputError", () => {
  const base = { endpoint: () => Promise.resolve("http://x"), region: () => Promise.resolve("r") };
  for (
    const bad of [{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { requestTimeoutMs: -1 }, {
      streamIdleTimeoutMs: NaN,
    }]
  ) {
    assert.throws(() => new Transport({ ...base, ...bad }), BedrockInputError, JSON.stringify(bad));
  }
});

Deno.test("Transport.send() calls fetch without a receiver (workerd throws 'Illegal invocation')", async () => {
  const receivers: unknown[] = [];
  const transport = new Transport({
    endpoint: () => Promise.resolve("http://127.0.0.1:1"),
    region: () => Promise.resolve("us-east-1"),
    token: () => Promise.resolve(BEARER),
    fetch: function (this: unknown) {
      receivers.push(this);
      return Promise.resolve(new Response("{}"));
    } as typeof fetch,
  });
  await transport.send(CONVERSE);
  assert.deepEqual(receivers, [undefined]);
});
