// Drivers that run the portable conformance suite on Bun (TS source), Node (esbuild bundle) and
// workerd (esbuild Worker bundle inside miniflare). Each returns the suite's CaseResult list.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../_spec.ts";
import type { CaseResult, ConformanceData } from "./conformance.ts";
import { ENTRIES } from "./entries.ts";

const BIN = join(REPO_DIR, "node_modules", ".bin");
const MARK = "@@CONFORMANCE@@";

/** A runtime the suite runs on. */
export interface Target {
  name: string;
  run(work: string): Promise<CaseResult[]>;
}

/** Runs a command, bounded by `timeoutMs`; rejects with its output on a non-zero exit. */
export async function exec(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: options.cwd ?? REPO_DIR,
    env: { CI: "true", NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, options.timeoutMs ?? 180_000);
  const out = await child.output();
  clearTimeout(timer);
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    const err = new TextDecoder().decode(out.stderr);
    throw new Error(
      `${cmd} ${args.join(" ")} exited with ${out.code}\n${text.slice(-2000)}\n${err.slice(-4000)}`,
    );
  }
  return text;
}

/** Writes the generated sources every target shares: the data file and the library imports. */
export function prepare(work: string, data: ConformanceData): void {
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, "data.json"), JSON.stringify(data));
  const present = ENTRIES.filter(([, file]) => existsSync(join(REPO_DIR, file)));
  const lines = present.map(([key, file]) =>
    `import * as ${key} from ${JSON.stringify(join(REPO_DIR, file))};`
  );
  lines.push(`export const lib = { ${present.map(([key]) => key).join(", ")} };`);
  writeFileSync(join(work, "lib.ts"), lines.join("\n") + "\n");
  const suite = JSON.stringify(join(REPO_DIR, "tests", "runtimes", "conformance.ts"));
  const head = [
    `import { runConformance } from ${suite};`,
    `import { lib } from "./lib.ts";`,
    `import data from "./data.json" with { type: "json" };`,
  ];
  writeFileSync(
    join(work, "main.ts"),
    [
      ...head,
      `const r = await runConformance(lib, data);`,
      `console.log(${JSON.stringify(MARK)} + JSON.stringify(r));`,
    ]
      .join("\n") + "\n",
  );
  writeFileSync(
    join(work, "worker.ts"),
    [
      ...head,
      `export default { async fetch() { return Response.json(await runConformance(lib, data)); } };`,
    ].join("\n") + "\n",
  );
}

/** Reads the suite's results from a runner's stdout. */
export function parse(stdout: string): CaseResult[] {
  const line = stdout.split("\n").find((l) => l.startsWith(MARK));
  if (!line) {
    throw new Error(`Cannot find the conformance results in the output:\n${stdout.slice(-2000)}`);
  }
  return JSON.parse(line.slice(MARK.length));
}

/** esbuild CLI bundle of `entry` to `outfile`. */
export async function bundle(entry: string, outfile: string, flags: string[]): Promise<void> {
  await exec(join(BIN, "esbuild"), [
    entry,
    "--bundle",
    "--format=esm",
    `--outfile=${outfile}`,
    "--log-level=warning",
    ...flags,
  ]);
}

/** Deno runs the same generated entry as Bun (the Deno.test wrapper is conformance_test.ts). */
export const deno: Target = {
  name: "deno",
  async run(work) {
    const version = (await exec(Deno.execPath(), ["--version"])).split("\n")[0]!.trim();
    console.log(`  ${version}: running TS sources`);
    return parse(
      await exec(Deno.execPath(), ["run", "-A", "--no-lock", join(work, "main.ts")], {
        cwd: work,
      }),
    );
  },
};

/** Bun runs the TypeScript sources directly. */
export const bun: Target = {
  name: "bun",
  async run(work) {
    const version = (await exec(join(BIN, "bun"), ["--version"])).trim();
    console.log(`  bun ${version}: running TS sources`);
    return parse(await exec(join(BIN, "bun"), ["run", join(work, "main.ts")], { cwd: work }));
  },
};

/** Node runs an esbuild bundle (built JS); `node` is the one on PATH. */
export const node: Target = {
  name: "node",
  async run(work) {
    const out = join(work, "node.mjs");
    await bundle(join(work, "main.ts"), out, ["--platform=node", "--target=node20"]);
    const version = (await exec("node", ["--version"])).trim();
    console.log(`  node ${version}: running ${out}`);
    return parse(await exec("node", [out], { cwd: work }));
  },
};

/** workerd runs a Worker module bundle through miniflare's API, driven by a Node host script. */
export const workerd: Target = {
  name: "workerd",
  async run(work) {
    const out = join(work, "worker.mjs");
    await bundle(join(work, "worker.ts"), out, [
      "--platform=browser",
      "--conditions=workerd,worker,browser",
      "--external:node:*",
    ]);
    const host = join(REPO_DIR, "tests", "runtimes", "workerd_host.mjs");
    console.log(`  workerd (miniflare): running ${out}`);
    const stdout = await exec("node", [host, out], { cwd: REPO_DIR });
    return parse(stdout);
  },
};

/** Node 22 from npm (`npx -y node@22`), optional: skipped when it cannot be fetched. */
export const node22: Target = {
  name: "node22",
  async run(work) {
    const out = join(work, "node.mjs");
    if (!existsSync(out)) {
      await bundle(join(work, "main.ts"), out, ["--platform=node", "--target=node20"]);
    }
    let version: string;
    try {
      version =
        (await exec("npx", ["-y", "node@22", "--version"], { env: npxEnv(), timeoutMs: 240_000 }))
          .trim().split("\n").at(-1)!;
    } catch (err) {
      const reason = `npx -y node@22 is not available: ${String(err).split("\n")[0]}`;
      return [{ name: "node22 runtime", status: "skipped", ms: 0, error: reason }];
    }
    console.log(`  node ${version} (npx -y node@22): running ${out}`);
    return parse(await exec("npx", ["-y", "node@22", out], { cwd: work, env: npxEnv() }));
  },
};

function npxEnv(): Record<string, string> {
  return {
    PATH: Deno.env.get("PATH") ?? "",
    HOME: Deno.env.get("HOME") ?? "/tmp",
    NODE_NO_WARNINGS: "1",
  };
}
