// Start-time budget: how much importing a library adds to a fresh process on Deno, Bun and Node.
// Each library is bundled (esbuild, ESM, platform node, unminified) to a temp folder; a process
// that runs the bundle is timed against one that runs an empty module, N times interleaved, and
// the difference of the medians is the import cost.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { REPO_DIR } from "../tests/_spec.ts";
import { clientEntry } from "./size_budget.ts";

/** Median wall time of a process per runtime and library, and the import cost over empty. */
export interface StartResult {
  runtime: string;
  version: string;
  /** library name → median ms of the whole process */
  medians: Record<string, number>;
  /** library name → fastest ms of the whole process (least disturbed by other load) */
  mins: Record<string, number>;
  /** library name → median ms of `await import(bundle)` timed inside the process */
  importMs: Record<string, number>;
}

const BIN = join(REPO_DIR, "node_modules", ".bin");
const REQUIRE_BANNER =
  `import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);`;

/** Library name → module source to bundle. */
export function libraries(): Record<string, string> {
  return {
    "bedrock-fetch": `export { BedrockRuntime } from "${clientEntry()}";`,
    "aws4fetch": `export { AwsClient } from "aws4fetch";`,
    "@aws-sdk/client-bedrock-runtime":
      `export { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";`,
  };
}

async function build(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = { empty: join(dir, "empty.mjs") };
  writeFileSync(files.empty!, "export {};\n");
  writeFileSync(
    join(dir, "timer.mjs"),
    "const file = globalThis.Deno ? Deno.args.at(-1) : process.argv.at(-1);\n" +
      "const t = performance.now();\nawait import(new URL(file, 'file:///').href);\n" +
      "console.log(performance.now() - t);\n",
  );
  try {
    for (const [name, source] of Object.entries(libraries())) {
      const outfile = join(dir, `${name.replace(/[^a-z0-9]+/gi, "_")}.mjs`);
      await esbuild.build({
        stdin: { contents: source, resolveDir: REPO_DIR, sourcefile: "lib.js", loader: "ts" },
        bundle: true,
        format: "esm",
        platform: "node",
        target: "node20",
        outfile,
        // Only the AWS SDK's Node build calls require(); the banner costs the others a node:module load.
        ...(source.includes("@aws-sdk") ? { banner: { js: REQUIRE_BANNER } } : {}),
        logLevel: "silent",
      });
      files[name] = outfile;
    }
  } finally {
    await esbuild.stop();
  }
  return files;
}

async function runOnce(cmd: string, args: string[]): Promise<[number, string]> {
  const t0 = performance.now();
  const res = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  const ms = performance.now() - t0;
  if (!res.success) {
    throw new Error(`${cmd} ${args.join(" ")}: ${new TextDecoder().decode(res.stderr)}`);
  }
  return [ms, new TextDecoder().decode(res.stdout)];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function version(cmd: string, args: string[]): Promise<string> {
  const res = await new Deno.Command(cmd, { args, stdout: "piped" }).output();
  return new TextDecoder().decode(res.stdout).split("\n")[0]!.trim();
}

/** Measures every runtime with `runs` interleaved runs per file. */
export async function measureStart(runs = 21): Promise<StartResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "bedrock-fetch-start-"));
  try {
    const files = await build(dir);
    const runtimes: Array<[string, string, (f: string) => string[], string[]]> = [
      ["node", "node", (f) => [f], ["--version"]],
      ["bun", join(BIN, "bun"), (f) => [f], ["--version"]],
      ["deno", Deno.execPath(), (f) => ["run", "-A", "--no-config", "--no-lock", f], [
        "--version",
      ]],
    ];
    const out: StartResult[] = [];
    for (const [runtime, cmd, args, vArgs] of runtimes) {
      const times: Record<string, number[]> = {};
      const imports: Record<string, number[]> = {};
      const timer = join(dir, "timer.mjs");
      for (const f of Object.values(files)) await runOnce(cmd, args(f)); // warm caches
      for (let i = 0; i < runs; i++) {
        for (const [name, f] of Object.entries(files)) {
          (times[name] ??= []).push((await runOnce(cmd, args(f)))[0]);
          const [, printed] = await runOnce(cmd, [...args(timer), f]);
          (imports[name] ??= []).push(Number(printed.trim()));
        }
      }
      const med = (r: Record<string, number[]>) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, median(v)]));
      out.push({
        runtime,
        version: await version(cmd, vArgs),
        medians: med(times),
        mins: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.min(...v)])),
        importMs: med(imports),
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
