// Runs the portable conformance suite on Deno: one Deno.test per case. Entry points that do not
// exist yet are ignored (their cases are reported as ignored, never as passed).

import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../_spec.ts";
import { conformanceCases, type Lib, type Module, runCase } from "./conformance.ts";
import { loadConformanceData } from "./data.ts";
import { ENTRIES } from "./entries.ts";

const lib: Lib = {};
for (const [key, file] of ENTRIES) {
  const path = join(REPO_DIR, file);
  if (!existsSync(path)) continue;
  const url = new URL(`file://${path}`).href;
  lib[key] = (await import(url)) as Module;
}

for (const c of conformanceCases(lib, loadConformanceData())) {
  const missing = c.needs.filter((n) => lib[n] === undefined);
  Deno.test({
    name: `conformance: ${c.name}`,
    ignore: missing.length > 0,
    fn: async () => {
      const r = await runCase(lib, c, 10_000);
      if (r.status !== "passed") throw new Error(r.error ?? r.status);
    },
  });
}
