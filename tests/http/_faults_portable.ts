// Transport fault scenarios that run unchanged on Node and Bun (bundled by cross_runtime_test.ts):
// a node:http server on 127.0.0.1:0 and the Transport under the runtime's own fetch. Prints one
// JSON line: [{ name, ok, error? }].
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BedrockNetworkError, BedrockTimeoutError, ThrottlingException } from "../../src/errors.ts";
import { Transport, type TransportConfig } from "../../src/http/transport.ts";

interface Result {
  name: string;
  ok: boolean;
  error?: string;
}

const counts = new Map<string, number>();
const closed = new Set<string>();

// A TCP RST where the runtime offers it (Node's resetAndDestroy), else a plain close.
function reset(req: IncomingMessage): void {
  const socket = req.socket as { resetAndDestroy?: () => void; destroy(): void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  const n = counts.get(path) ?? 0;
  counts.set(path, n + 1);
  res.on("close", () => closed.add(path));
  req.resume();
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  switch (path) {
    case "/throttle":
      if (n === 0) json(429, { message: "slow" }, { "x-amzn-errortype": "ThrottlingException" });
      else json(200, { ok: true }, { "x-amzn-requestid": "rid" });
      return;
    case "/always-throttle":
      json(429, { message: "slow" }, { "x-amzn-errortype": "ThrottlingException" });
      return;
    case "/reset":
      if (n === 0) reset(req);
      else json(200, { ok: true });
      return;
    case "/stall":
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      res.write("first");
      return; // never ends
    case "/mid-reset":
      res.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" });
      res.write("first");
      setTimeout(() => reset(req), 20);
      return;
    case "/hang":
      return; // never answers
    case "/echo":
      json(200, {
        authorization: req.headers["authorization"],
        date: req.headers["x-amz-date"] ?? null,
        ua: req.headers["user-agent"],
      });
      return;
    default:
      json(404, { message: "no route" }, { "x-amzn-errortype": "ResourceNotFoundException" });
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("Expected a rejection");
}

const server = createServer(route);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function transport(extra: Partial<TransportConfig> = {}): Transport {
  return new Transport({
    endpoint: () => Promise.resolve(base),
    region: () => Promise.resolve("us-east-1"),
    credentials: () => Promise.resolve({ accessKeyId: "AKID", secretAccessKey: "secret" }),
    sleep: () => Promise.resolve(),
    ...extra,
  });
}

function req(path: string, stream = false) {
  return {
    operation: "Converse",
    method: "POST" as const,
    path,
    headers: { "content-type": "application/json" },
    body: "{}",
    stream,
  };
}

const results: Result[] = [];
async function check(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    results.push({ name, ok: true });
  } catch (error) {
    results.push({ name, ok: false, error: String((error as Error)?.stack ?? error) });
  }
}

await check("429 then success is retried", async () => {
  const res = await transport().send(req("/throttle"));
  assert(res.$metadata.attempts === 2, `attempts ${res.$metadata.attempts}`);
  assert(res.$metadata.requestId === "rid", "request id");
});

await check("429 exhaustion throws ThrottlingException after 3 attempts", async () => {
  const e = await rejection(transport().send(req("/always-throttle")));
  assert(e instanceof ThrottlingException, String(e));
  assert(e.$metadata.attempts === 3, `attempts ${e.$metadata.attempts}`);
});

await check("a reset before headers is retried", async () => {
  const res = await transport().send(req("/reset"));
  assert(res.$metadata.attempts === 2, `attempts ${res.$metadata.attempts}`);
});

await check("a mid-stream reset is a BedrockNetworkError, not retried", async () => {
  const res = await transport().send(req("/mid-reset", true));
  const reader = res.stream!.getReader();
  await reader.read();
  const e = await rejection(reader.read());
  assert(e instanceof BedrockNetworkError, String(e));
  assert(counts.get("/mid-reset") === 1, "retried");
});

await check("an idle stream times out and the server sees the close", async () => {
  const res = await transport({ streamIdleTimeoutMs: 80 }).send(req("/stall", true));
  const reader = res.stream!.getReader();
  await reader.read();
  const e = await rejection(reader.read());
  assert(e instanceof BedrockTimeoutError && e.kind === "idle", String(e));
  await until(() => closed.has("/stall"), "the server to see the close");
});

await check("a request timeout is a BedrockTimeoutError('request') after retries", async () => {
  const e = await rejection(transport({ requestTimeoutMs: 60, maxAttempts: 2 }).send(req("/hang")));
  assert(e instanceof BedrockTimeoutError && e.kind === "request", String(e));
  assert(counts.get("/hang") === 2, `attempts ${counts.get("/hang")}`);
});

await check("abort while waiting for headers rejects with signal.reason", async () => {
  closed.delete("/hang");
  const c = new AbortController();
  const pending = transport().send(req("/hang"), { signal: c.signal });
  await until(() => counts.get("/hang") === 3, "the request");
  const reason = new Error("stop");
  c.abort(reason);
  assert((await rejection(pending)) === reason, "reason not passed through");
  await until(() => closed.has("/hang"), "the server to see the close");
});

await check("abort mid-stream rejects the read with signal.reason", async () => {
  closed.delete("/stall");
  const c = new AbortController();
  const res = await transport().send(req("/stall", true), { signal: c.signal });
  const reader = res.stream!.getReader();
  await reader.read();
  const pending = reader.read();
  const reason = { custom: 1 };
  c.abort(reason);
  assert((await rejection(pending)) === reason, "reason not passed through");
  await until(() => closed.has("/stall"), "the server to see the close");
});

await check("a bearer token replaces SigV4", async () => {
  const res = await transport({ token: () => Promise.resolve("tok") }).send(req("/echo"));
  const seen = JSON.parse(new TextDecoder().decode(res.body));
  assert(seen.authorization === "Bearer tok", seen.authorization);
  assert(seen.date === null, "x-amz-date sent");
  assert(/^bedrock-fetch\/0\.1\.0 /.test(seen.ua), seen.ua);
});

await check("SigV4 signs with x-amz-date", async () => {
  const res = await transport().send(req("/echo"));
  const seen = JSON.parse(new TextDecoder().decode(res.body));
  assert(/^AWS4-HMAC-SHA256 Credential=AKID\//.test(seen.authorization), seen.authorization);
  assert(/^\d{8}T\d{6}Z$/.test(seen.date), seen.date);
});

server.closeAllConnections?.();
server.close();
console.log(JSON.stringify(results));
