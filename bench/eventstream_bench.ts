// deno bench -A bench/eventstream_bench.ts
import { join } from "node:path";
import { SHARED_DIR } from "../tests/_spec.ts";
import { buildCases } from "./_eventstream_cases.ts";

for (const c of buildCases(join(SHARED_DIR, "fixtures"))) {
  Deno.bench({
    name: c.name,
    group: c.group,
    baseline: c.baseline ?? false,
    fn: c.fn as () => void,
  });
}
