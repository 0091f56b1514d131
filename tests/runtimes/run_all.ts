// Runs the portable conformance suite on Deno, Bun, Node 20 (+ Node 22 when npx can fetch it) and
// workerd (Deno also runs it in `deno test` through conformance_test.ts), then the npm package and
// the examples end to end; prints per-runtime counts and a final "N passed, N failed" line, and exits
// non-zero on any failure. Usage: deno run -A tests/runtimes/run_all.ts [--only=deno,bun,node,node22,workerd,npm-package,examples]

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CaseResult } from "./conformance.ts";
import { loadConformanceData } from "./data.ts";
import { examples } from "./examples.ts";
import { npmPackage } from "./npm_package.ts";
import { bun, deno, node, node22, prepare, type Target, workerd } from "./targets.ts";

const only = Deno.args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const targets: Target[] = [deno, bun, node, node22, workerd, npmPackage, examples].filter((t) =>
  !only || only.includes(t.name)
);

const work = mkdtempSync(join(tmpdir(), "bedrock-fetch-runtimes-"));
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  prepare(work, loadConformanceData());
  for (const t of targets) {
    console.log(`${t.name}:`);
    let results: CaseResult[];
    try {
      results = await t.run(work);
    } catch (err) {
      results = [{ name: `${t.name} runner`, status: "failed", ms: 0, error: String(err) }];
    }
    const count = (s: CaseResult["status"]) => results.filter((r) => r.status === s).length;
    const reasons = new Set(results.filter((r) => r.status === "skipped").map((r) => r.error));
    for (const why of reasons) console.log(`  skipped: ${why}`);
    for (const r of results.filter((r) => r.status === "failed")) {
      console.log(`  FAIL ${r.name}\n       ${r.error?.replaceAll("\n", "\n       ")}`);
    }
    console.log(
      `  ${t.name}: ${count("passed")} passed, ${count("failed")} failed, ${
        count("skipped")
      } skipped`,
    );
    passed += count("passed");
    failed += count("failed");
    skipped += count("skipped");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (skipped > 0) console.log(`${skipped} skipped (reasons above)`);
console.log(`${passed} passed, ${failed} failed`);
if (failed > 0) Deno.exit(1);
