// The Node server: one TCP port serving HTTP/1.1 and cleartext HTTP/2 (h2c with prior knowledge, as
// the AWS SDK's default NodeHttp2Handler speaks to an http:// endpoint), chosen by sniffing the
// HTTP/2 connection preface. Loaded only by serveEmulator on Node.
import type { Emulator } from "./types.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

const PREFACE = "PRI * HTTP/2.0";
const NODE_PREFIX = ["node:"];

/**
 * Imports a node builtin with a specifier bundlers cannot see, so that a bundle of the emulator
 * (e.g. createEmulator inside a Worker) never tries to resolve it.
 */
export function importNode(name: string): Promise<Any> {
  return import(NODE_PREFIX[0] + name);
}

function toRequest(req: Any, host: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers as Record<string, string | string[]>)) {
    if (name.startsWith(":") || value === undefined) continue;
    if (Array.isArray(value)) { for (const v of value) headers.append(name, v); }
    else headers.set(name, value);
  }
  const method = String(req.method);
  const hasBody = method !== "GET" && method !== "HEAD";
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
      start(controller) {
        req.on("data", (chunk: Uint8Array) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.on("end", () => controller.close());
        req.on("error", (e: Error) => controller.error(e));
      },
      pull() {
        req.resume();
      },
      cancel() {
        req.destroy?.();
      },
    })
    : null;
  const init: RequestInit & { duplex?: string } = { method, headers, body, signal };
  if (body !== null) init.duplex = "half";
  return new Request(`http://${host}${req.url}`, init);
}

async function send(res: Any, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => {
    headers[k] = v;
  });
  res.writeHead(response.status, headers);
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    }
    res.end();
  } catch {
    // A dropped stream: close the connection without a clean end, like a network failure.
    const stream = res.stream ?? res.socket;
    stream?.destroy?.();
    res.destroy?.();
  }
}

function replay(streamModule: Any, socket: Any, first: Uint8Array): Any {
  const duplex = new streamModule.Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Uint8Array, encoding: string, callback: (e?: Error) => void) {
      socket.write(chunk, encoding, callback);
    },
    final(callback: () => void) {
      socket.end();
      callback();
    },
    destroy(error: Error | null, callback: (e: Error | null) => void) {
      socket.destroy();
      callback(error);
    },
  });
  duplex.push(first);
  socket.on("data", (chunk: Uint8Array) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("close", () => duplex.destroy());
  duplex.remoteAddress = socket.remoteAddress;
  duplex.remotePort = socket.remotePort;
  duplex.setNoDelay = () => duplex;
  duplex.setKeepAlive = () => duplex;
  duplex.setTimeout = (ms: number, cb?: () => void) => {
    socket.setTimeout(ms, cb);
    return duplex;
  };
  return duplex;
}

/** A running Node server. */
export interface NodeServer {
  port: number;
  close(): Promise<void>;
}

/** Starts the HTTP/1.1 + h2c server around an emulator. */
export async function serveNode(
  emulator: Emulator,
  port: number,
  hostname: string,
): Promise<NodeServer> {
  const net: Any = await importNode("net");
  const http: Any = await importNode("http");
  const http2: Any = await importNode("http2");
  const stream: Any = await importNode("stream");
  const sockets = new Set<Any>();
  const sessions = new Set<Any>();
  const onRequest = (req: Any, res: Any) => {
    const aborter = new AbortController();
    res.on("close", () => aborter.abort());
    const host = String(req.headers[":authority"] ?? req.headers.host ?? `${hostname}:${port}`);
    let request: Request;
    try {
      request = toRequest(req, host, aborter.signal);
    } catch {
      // A request the Fetch API refuses (bad header value, bad URL): answer, never crash.
      const body = JSON.stringify({
        message: "Cannot read request: it is not a valid HTTP request.",
      });
      res.writeHead(400, {
        "content-type": "application/json",
        "x-amzn-errortype": "ValidationException",
      });
      res.end(body);
      return;
    }
    emulator.fetch(request).then((r) => send(res, r)).catch(() => res.destroy?.());
  };
  const h1 = http.createServer(onRequest);
  const h2 = http2.createServer({}, onRequest);
  h2.on("session", (s: Any) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  const server = net.createServer((socket: Any) => {
    sockets.add(socket);
    // Small frames must not wait for Nagle + delayed ACK (40 ms per frame otherwise).
    socket.setNoDelay(true);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.once("data", (first: Uint8Array) => {
      socket.pause();
      const head = new TextDecoder().decode(first.subarray(0, PREFACE.length));
      if (head === PREFACE.slice(0, head.length) && head.length >= 3) {
        // nghttp2 reads the socket's handle directly, so unshifted bytes would be lost: hand it a
        // duplex that replays the sniffed chunk first.
        h2.emit("connection", replay(stream, socket, first));
      } else {
        socket.unshift(first);
        h1.emit("connection", socket);
        socket.resume();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
  return {
    port: server.address().port,
    close(): Promise<void> {
      for (const s of sessions) s.destroy();
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
