// serveEmulator: the emulator on a real socket — Deno.serve (HTTP/1.1 + h2c), Bun.serve, or
// node:http + node:http2 (h2c) — with node builtins loaded only here, and only on Node.
import { createEmulator } from "./handler.ts";
import type { ScriptTurn } from "./model.ts";
import type { Emulator, EmulatorOptions } from "./types.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

/**
 * Options of {@linkcode serveEmulator}: the emulator's options plus where to listen.
 *
 * @example
 * ```ts
 * import type { ServeEmulatorOptions } from "@bedrock-fetch/core/emulator";
 * const options: ServeEmulatorOptions = { port: 0, paceMs: 10, scriptFile: "./script.json" };
 * ```
 */
export interface ServeEmulatorOptions extends EmulatorOptions {
  /** The port; 0 (default) picks a free one. */
  port?: number;
  /** The interface. Default `127.0.0.1`. */
  hostname?: string;
  /** A JSON file holding the script (an array of turns); read once at start. */
  scriptFile?: string;
  /** Force a server implementation. Default: the current runtime's. */
  runtime?: "deno" | "bun" | "node";
}

/**
 * A running emulator server.
 *
 * @example
 * ```ts
 * import { serveEmulator } from "@bedrock-fetch/core/emulator";
 * const server = await serveEmulator({ port: 0 });
 * console.log(server.url); // http://127.0.0.1:PORT
 * await server.close();
 * ```
 */
export interface EmulatorServer {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The bound port. */
  readonly port: number;
  /** The emulator behind the socket (faults, script, stats). */
  readonly emulator: Emulator;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

async function readText(path: string): Promise<string> {
  const g = globalThis as Any;
  if (g.Deno?.readTextFile) return await g.Deno.readTextFile(path);
  if (g.Bun?.file) return await g.Bun.file(path).text();
  const { importNode } = await import("./_node_server.ts");
  const fs: Any = await importNode("fs/promises");
  return await fs.readFile(path, "utf8");
}

function detect(): "deno" | "bun" | "node" {
  const g = globalThis as Any;
  if (g.Deno?.serve) return "deno";
  if (g.Bun?.serve) return "bun";
  return "node";
}

/**
 * Serves an emulator on a real socket: `Deno.serve` on Deno (HTTP/1.1 and cleartext HTTP/2),
 * `Bun.serve` on Bun (HTTP/1.1), and on Node one port that speaks HTTP/1.1 and h2c (the AWS SDK's
 * default `NodeHttp2Handler` uses h2c for an `http://` endpoint).
 *
 * @param options Emulator options plus `port`, `hostname`, `scriptFile`, `runtime`.
 * @returns The server with its `url` (`http://127.0.0.1:PORT`) and `close()`.
 * @example
 * ```ts
 * import { serveEmulator } from "@bedrock-fetch/core/emulator";
 * const server = await serveEmulator({ port: 0, paceMs: 5 });
 * console.log(server.url);
 * await server.close();
 * ```
 */
export async function serveEmulator(options: ServeEmulatorOptions = {}): Promise<EmulatorServer> {
  const config: EmulatorOptions = { ...options };
  if (options.scriptFile !== undefined) {
    const parsed: unknown = JSON.parse(await readText(options.scriptFile));
    if (!Array.isArray(parsed)) {
      throw new TypeError(
        `Cannot load script: ${options.scriptFile} must hold a JSON array of turns`,
      );
    }
    config.script = parsed as ScriptTurn[];
  }
  const emulator = createEmulator(config);
  const hostname = options.hostname ?? "127.0.0.1";
  const runtime = options.runtime ?? detect();
  const g = globalThis as Any;
  const urlOf = (port: number) =>
    `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}`;
  if (runtime === "deno") {
    const server = g.Deno.serve(
      { port: options.port ?? 0, hostname, onListen() {} },
      (req: Request) => emulator.fetch(req),
    );
    const port: number = server.addr.port;
    return {
      url: urlOf(port),
      port,
      emulator,
      close: () => {
        // Graceful shutdown waits for open responses: end the streams first so it cannot hang.
        emulator.closeStreams();
        return server.shutdown();
      },
    };
  }
  if (runtime === "bun") {
    const server = g.Bun.serve({
      port: options.port ?? 0,
      hostname,
      fetch: (req: Request) => emulator.fetch(req),
    });
    const port: number = server.port;
    return {
      url: urlOf(port),
      port,
      emulator,
      close: async () => {
        emulator.closeStreams();
        await server.stop(true);
      },
    };
  }
  const { serveNode } = await import("./_node_server.ts");
  const server = await serveNode(emulator, options.port ?? 0, hostname);
  return {
    url: urlOf(server.port),
    port: server.port,
    emulator,
    close: () => {
      emulator.closeStreams();
      return server.close();
    },
  };
}
