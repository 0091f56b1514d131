// Runs `deno bench` files on Node and Bun: each file is bundled by esbuild behind the Deno shim
// (bench/_shim/deno_shim.ts) and executed by the runtime, which prints a deno-bench-like table.
// Usage: deno run -A bench/_shim/run.ts [--runtimes=node,bun] [--time=500] [bench/x_bench.ts ...]
// Without files: every bench/*_bench.ts. Exits non-zero when a file fails on a runtime.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { REPO_DIR, SHARED_DIR } from "../../tests/_spec.ts";

const BIN = join(REPO_DIR, "node_modules", ".bin");
const opt = (name: string) =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const runtimes = (opt("runtimes") ?? "node,bun").split(",");
const time = Number(opt("time") ?? 500);
let files = Deno.args.filter((a) => !a.startsWith("--")).map((f) => resolve(f));
if (files.length === 0) {
  files = readdirSync(join(REPO_DIR, "bench"))
    .filter((f) => f.endsWith("_bench.ts"))
    .sort()
    .map((f) => join(REPO_DIR, "bench", f));
}

const COMMANDS: Record<string, (f: string) => [string, string[]]> = {
  node: (f) => ["node", [f]],
  bun: (f) => [join(BIN, "bun"), [f]],
};

const work = mkdtempSync(join(tmpdir(), "bedrock-fetch-bench-shim-"));
let failures = 0;
try {
  for (const file of files) {
    const entry = join(work, "entry.ts");
    const shim = JSON.stringify(join(REPO_DIR, "bench", "_shim", "deno_shim.ts"));
    writeFileSync(
      entry,
      `import { runBenches } from ${shim};\nimport ${JSON.stringify(file)};\n` +
        `await runBenches(${JSON.stringify(file)}, ${time});\n`,
    );
    // In a direct subfolder of the repository (dist/, ignored by git) so that code locating the
    // repository or ../shared from import.meta.url (tests/_spec.ts) still finds it once bundled.
    const outfile = join(REPO_DIR, "dist", `bench-shim-${Deno.pid}.mjs`);
    await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      outfile,
      absWorkingDir: REPO_DIR,
      define: { Deno: "globalThis.__denoShim" },
      logLevel: "warning",
      banner: {
        js:
          `import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);`,
      },
    });
    for (const rt of runtimes) {
      const [cmd, args] = COMMANDS[rt]!(outfile);
      console.log(`\n=== ${file.slice(REPO_DIR.length + 1)} on ${rt}`);
      const res = await new Deno.Command(cmd, {
        args,
        cwd: REPO_DIR,
        env: { BEDROCK_FETCH_SHARED: SHARED_DIR },
        stdout: "inherit",
        stderr: "inherit",
      })
        .output();
      if (!res.success) {
        failures++;
        console.log(`FAILED: ${file} on ${rt} (exit ${res.code})`);
      }
    }
  }
} finally {
  await esbuild.stop();
  rmSync(work, { recursive: true, force: true });
  rmSync(join(REPO_DIR, "dist", `bench-shim-${Deno.pid}.mjs`), { force: true });
}
if (failures > 0) Deno.exit(1);
