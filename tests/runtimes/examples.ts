// The examples end to end against a local emulator on 127.0.0.1: examples/deno.ts on Deno,
// examples/bun_server.ts on Bun (fetched over HTTP, streamed), and the Worker example built by
// wrangler (deploy --dry-run, offline) and served by workerd through miniflare.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../_spec.ts";
import type { CaseResult } from "./conformance.ts";
import { exec, type Target } from "./targets.ts";

const BIN = join(REPO_DIR, "node_modules", ".bin");
const PROMPT = "Tell me a story about a river that runs through a quiet town at night";
const URL_RE = /http:\/\/127\.0\.0\.1:\d+\/?/;

/** A child process that printed a URL on stdout. */
interface Served {
  url: string;
  stop(): Promise<void>;
}

async function serve(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Served> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: REPO_DIR,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const deadline = setTimeout(() => reader.cancel().catch(() => {}), 20_000);
  while (!URL_RE.test(seen)) {
    const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
    if (done) break;
    seen += value;
  }
  clearTimeout(deadline);
  const url = URL_RE.exec(seen)?.[0]?.replace(/\/$/, "");
  // Keep draining stdout so the child never blocks on a full pipe.
  const drain = (async () => {
    try {
      while (!(await reader.read()).done) { /* discard */ }
    } catch { /* cancelled */ }
  })();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* gone */ }
    await child.status;
    await drain;
  };
  if (!url) {
    await stop();
    throw new Error(
      `Cannot start ${cmd} ${args.join(" ")}: printed ${JSON.stringify(seen.slice(0, 300))}`,
    );
  }
  return { url, stop };
}

class Skip extends Error {}

async function step(name: string, fn: () => Promise<void>): Promise<CaseResult> {
  const t0 = Date.now();
  try {
    await fn();
    return { name, status: "passed", ms: Date.now() - t0 };
  } catch (err) {
    if (err instanceof Skip) return { name, status: "skipped", ms: 0, error: err.message };
    return { name, status: "failed", ms: Date.now() - t0, error: String(err) };
  }
}

async function denoExample(endpoint: string): Promise<void> {
  const out = await exec(Deno.execPath(), ["run", "-A", "examples/deno.ts", "Hello from Deno"], {
    env: { BEDROCK_ENDPOINT: endpoint, PATH: Deno.env.get("PATH") ?? "" },
    timeoutMs: 60_000,
  });
  if (!/\[stop: \w+\]/.test(out) || !/\[tokens: \d+ in, \d+ out\]/.test(out)) {
    throw new Error(`unexpected output: ${out.slice(0, 400)}`);
  }
}

async function readStream(res: Response): Promise<{ chunks: number; text: string }> {
  let chunks = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body!) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  return { chunks, text };
}

async function bunExample(endpoint: string): Promise<void> {
  const server = await serve(join(BIN, "bun"), ["examples/bun_server.ts"], {
    BEDROCK_ENDPOINT: endpoint,
    PORT: "0",
  });
  try {
    const res = await fetch(`${server.url}/?q=${encodeURIComponent(PROMPT)}`);
    const { chunks, text } = await readStream(res);
    if (res.status !== 200 || text.length === 0) {
      throw new Error(`got ${res.status}: ${text.slice(0, 300)}`);
    }
    if (chunks < 2) throw new Error(`the reply arrived in ${chunks} chunk, not streamed`);
    console.log(`  bun server streamed ${text.length} chars in ${chunks} chunks`);
  } finally {
    await server.stop();
  }
}

async function workerExample(endpoint: string, work: string): Promise<void> {
  const outdir = join(work, "worker-build");
  await exec(join(BIN, "wrangler"), [
    "deploy",
    "--dry-run",
    "--outdir",
    outdir,
    "--config",
    join(REPO_DIR, "examples", "worker", "wrangler.toml"),
  ], {
    env: {
      WRANGLER_SEND_METRICS: "false",
      PATH: Deno.env.get("PATH") ?? "",
      HOME: Deno.env.get("HOME") ?? "/tmp",
    },
  });
  const script = join(outdir, "index.js");
  if (!existsSync(script)) throw new Error(`wrangler wrote no ${script}`);
  const bytes = readFileSync(script).length;
  const host = join(REPO_DIR, "tests", "runtimes", "workerd_host.mjs");
  const out = await exec("node", [
    host,
    script,
    `--path=/?q=${encodeURIComponent(PROMPT)}`,
    `--bindings=${JSON.stringify({ BEDROCK_ENDPOINT: endpoint, AWS_REGION: "us-east-1" })}`,
    "--raw",
  ]);
  const res = JSON.parse(out.trim().split("\n").at(-1)!);
  if (res.status !== 200 || res.text.length === 0) {
    throw new Error(`Worker answered ${res.status}: ${String(res.text).slice(0, 300)}`);
  }
  if (res.chunks < 2) throw new Error(`the reply arrived in ${res.chunks} chunk, not streamed`);
  console.log(
    `  worker (wrangler build, ${bytes} bytes) streamed ${res.text.length} chars in ${res.chunks} chunks`,
  );
}

/** The examples target. */
export const examples: Target = {
  name: "examples",
  async run(work) {
    const missing = ["mod.ts", "src/emulator/mod.ts"].filter((f) => !existsSync(join(REPO_DIR, f)));
    const names = [
      "examples/deno.ts streams a chat from the emulator on Deno",
      "examples/bun_server.ts streams a chat over HTTP on Bun",
      "examples/worker builds with wrangler and streams a chat in workerd",
    ];
    if (missing.length > 0) {
      return names.map((name) => ({
        name,
        status: "skipped",
        ms: 0,
        error: `missing ${missing.join(", ")}`,
      }));
    }
    let emulator: Served;
    try {
      emulator = await serve(Deno.execPath(), ["run", "-A", "tests/runtimes/serve_emulator.ts"]);
    } catch (err) {
      return [{ name: "emulator server starts", status: "failed", ms: 0, error: String(err) }];
    }
    try {
      return [
        await step(names[0]!, () => denoExample(emulator.url)),
        await step(names[1]!, () => bunExample(emulator.url)),
        await step(names[2]!, () => workerExample(emulator.url, work)),
      ];
    } finally {
      await emulator.stop();
    }
  },
};
