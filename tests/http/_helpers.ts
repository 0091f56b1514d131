// Local servers and a transport factory for the transport fault tests. Everything binds to
// 127.0.0.1 with port 0.
import { Transport, type TransportConfig } from "../../src/http/transport.ts";

export const ACCESS_KEY = "AKIDTRANSPORTTEST";
export const SECRET_KEY = "transport-secret-key-do-not-leak";
export const SESSION_TOKEN = "transport-session-token-do-not-leak";
export const BEARER = "bearer-token-do-not-leak";

/** What a server saw of one request (headers are copied: Deno closes them after the response). */
export interface Seen {
  url: string;
  headers: Headers;
}

export interface LocalServer {
  url: string;
  /** Requests seen, in order. */
  requests: Seen[];
  close(): Promise<void>;
}

/** Deno.serve on 127.0.0.1:0; the handler gets the request and its 0-based index. */
export function serve(
  handler: (req: Request, index: number) => Response | Promise<Response>,
): LocalServer {
  const requests: Seen[] = [];
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    requests.push({ url: req.url, headers: new Headers(req.headers) });
    return handler(req, requests.length - 1);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    close: () => server.shutdown(),
  };
}

export interface RawServer {
  url: string;
  /** Connections accepted so far. */
  connections: number;
  close(): void;
}

/** A raw TCP server: `onConn` gets each connection (after the request head was read) and its index. */
export function rawServer(
  onConn: (conn: Deno.TcpConn, index: number) => Promise<void>,
): RawServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const state: RawServer = {
    url: `http://127.0.0.1:${listener.addr.port}`,
    connections: 0,
    close: () => listener.close(),
  };
  (async () => {
    try {
      for await (const conn of listener) {
        const index = state.connections++;
        (async () => {
          await readHead(conn);
          await onConn(conn, index);
        })().catch(() => {});
      }
    } catch {
      // listener closed
    }
  })();
  return state;
}

async function readHead(conn: Deno.TcpConn): Promise<string> {
  const buf = new Uint8Array(65536);
  let text = "";
  while (!text.includes("\r\n\r\n")) {
    const n = await conn.read(buf);
    if (n === null) break;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  // Drain a Content-Length body so that the client finishes sending.
  const match = /content-length:\s*(\d+)/i.exec(text);
  const want = match ? Number(match[1]) : 0;
  let have = text.length - text.indexOf("\r\n\r\n") - 4;
  while (have < want) {
    const n = await conn.read(buf);
    if (n === null) break;
    have += n;
  }
  return text;
}

/** A handler result that never comes: settles (with a 500) only when the client goes away. */
export function hang(req: Request): Promise<Response> {
  return new Promise((resolve) => {
    req.signal.addEventListener("abort", () => resolve(new Response(null, { status: 500 })));
  });
}

/** Writes a string to a raw connection. */
export async function write(conn: Deno.Conn, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let off = 0;
  while (off < bytes.length) off += await conn.write(bytes.subarray(off));
}

/** Sleeps recorded instead of waited. */
export function fakeSleep(): {
  delays: number[];
  sleep: (ms: number, s?: AbortSignal) => Promise<void>;
} {
  const delays: number[] = [];
  return {
    delays,
    sleep: (ms, signal) => {
      signal?.throwIfAborted();
      delays.push(ms);
      return Promise.resolve();
    },
  };
}

/** A transport against `url` with session credentials, instant sleeps and random() = 0.5. */
export function makeTransport(url: string, extra: Partial<TransportConfig> = {}): Transport {
  return new Transport({
    endpoint: () => Promise.resolve(url),
    region: () => Promise.resolve("us-east-1"),
    credentials: () =>
      Promise.resolve({
        accessKeyId: ACCESS_KEY,
        secretAccessKey: SECRET_KEY,
        sessionToken: SESSION_TOKEN,
      }),
    random: () => 0.5,
    sleep: fakeSleep().sleep,
    ...extra,
  });
}

/** A JSON error response as Bedrock sends it. */
export function jsonError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ message }), {
    status,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      "x-amzn-requestid": crypto.randomUUID(),
      ...headers,
    },
  });
}

/** A JSON success response. */
export function jsonOk(body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    headers: { "content-type": "application/json", "x-amzn-requestid": "req-ok", ...headers },
  });
}

/** A plain Converse-style request. */
export const CONVERSE = {
  operation: "Converse",
  method: "POST" as const,
  path: `/model/${encodeURIComponent("amazon.nova-micro-v1:0")}/converse`,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "Hi" }] }] }),
};

/** A ConverseStream-style request. */
export const CONVERSE_STREAM = {
  ...CONVERSE,
  operation: "ConverseStream",
  path: `/model/${encodeURIComponent("amazon.nova-micro-v1:0")}/converse-stream`,
  stream: true,
};

/** Resolves when `check()` holds, polling every 5 ms; rejects after `ms`. */
export async function until(check: () => boolean, ms = 2000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Captures the rejection of a promise (fails when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("Expected a rejection");
}
