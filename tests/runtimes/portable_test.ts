// Portability: the Web-facing entry points type-check against Web APIs alone (lib esnext + dom, no
// Deno or Node globals: tests/runtimes/portable/deno.json), and an esbuild bundle of each holds no
// node: builtin, so Workers and browsers can load it. Entry points not written yet are ignored.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_DIR } from "../_spec.ts";

/** Entry points that must stay Web-only (the emulator server, the CLI and file credentials may not). */
const WEB_ENTRIES = [
  "mod.ts",
  "src/errors.ts",
  "src/sigv4/mod.ts",
  "src/eventstream/mod.ts",
  "src/chat/mod.ts",
  "src/credentials/mod.ts",
];
const present = WEB_ENTRIES.filter((f) => existsSync(join(REPO_DIR, f)));
const BIN = join(REPO_DIR, "node_modules", ".bin");

async function run(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  const res = await new Deno.Command(cmd, { args, cwd: REPO_DIR, env: { NO_COLOR: "1" } }).output();
  const out = new TextDecoder().decode(res.stdout) + new TextDecoder().decode(res.stderr);
  return { ok: res.success, out };
}

Deno.test("the Web entry points type-check with lib esnext + dom and no Deno or Node types", async () => {
  const config = join(REPO_DIR, "tests", "runtimes", "portable", "deno.json");
  const { ok, out } = await run(join(BIN, "deno"), [
    "check",
    "--quiet",
    "--config",
    config,
    ...present,
  ]);
  assert.ok(ok, `deno check against Web APIs alone failed for ${present.join(", ")}:\n${out}`);
});

for (const entry of present) {
  Deno.test(`an esbuild bundle of ${entry} imports no node: builtin`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "bedrock-fetch-portable-"));
    try {
      const outfile = join(dir, "out.js");
      const { ok, out } = await run(join(BIN, "esbuild"), [
        entry,
        "--bundle",
        "--format=esm",
        "--platform=neutral",
        "--external:node:*",
        `--outfile=${outfile}`,
        "--log-level=error",
      ]);
      assert.ok(ok, `esbuild failed: ${out}`);
      const code = readFileSync(outfile, "utf8");
      const found = code.match(/["']node:[a-z_/]+["']/g) ?? [];
      assert.deepEqual(found, [], `${entry} pulls in node builtins`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
