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
const IMPORT_RE =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'`]node:[a-z_/]+["'`]/g;

async function run(cmd: string, args: string[]): Promise<{ ok: boolean; out: string }> {
  const res = await new Deno.Command(cmd, { args, cwd: REPO_DIR, env: { NO_COLOR: "1" } }).output();
  const out = new TextDecoder().decode(res.stdout) + new TextDecoder().decode(res.stderr);
  return { ok: res.success, out };
}

Deno.test("the Web entry points type-check with lib esnext + dom and no Deno or Node types", async () => {
  const config = join(REPO_DIR, "tests", "runtimes", "portable", "deno.json");
  const { ok, out } = await run(Deno.execPath(), [
    "check",
    "--quiet",
    "--config",
    config,
    ...present,
  ]);
  assert.ok(ok, `deno check against Web APIs alone failed for ${present.join(", ")}:\n${out}`);
});

for (const entry of present) {
  const what = entry === "mod.ts" ? "names no node: builtin" : "imports no node: builtin";
  Deno.test(`an esbuild bundle of ${entry} ${what}`, async () => {
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
      // No entry may import a node: builtin, statically or through import()/require().
      const imports = code.match(IMPORT_RE) ?? [];
      assert.deepEqual(imports, [], `${entry} imports node builtins`);
      // mod.ts must not even name one (DESIGN: a Workers bundle of mod.ts contains none of the
      // file/process code); other entries may load them lazily, only when such a source is used.
      if (entry === "mod.ts") {
        assert.deepEqual(
          code.match(/["'`]node:[a-z_/]+["'`]/g) ?? [],
          [],
          "mod.ts names node builtins",
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
