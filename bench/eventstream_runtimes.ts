// Runs the event-stream bench cases under Node and Bun (and Deno) with a plain timing loop.
//   deno run -A bench/eventstream_runtimes.ts            # bundles, then runs node and bun
//   node /tmp/eventstream_bench.mjs <fixturesDir>       # the bundle alone
import { buildCases } from "./_eventstream_cases.ts";

type Row = { group: string; name: string; baseline: boolean; median: number; min: number };

/**
 * Times every case, interleaving the cases of a group round by round so that load from other
 * processes hits them alike; prints a Markdown table with each row's speed-up over the group's
 * baseline (medians).
 */
export async function runAll(fixturesDir: string, runtime: string, rounds = 30): Promise<Row[]> {
  const cases = buildCases(fixturesDir);
  const groups = [...new Set(cases.map((c) => c.group))];
  const rows: Row[] = [];
  for (const group of groups) {
    const members = cases.filter((c) => c.group === group);
    const samples: number[][] = members.map(() => []);
    for (const c of members) for (let i = 0; i < 3; i++) await c.fn(); // warm-up
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < members.length; k++) {
        const t = performance.now();
        await members[k]!.fn();
        samples[k]!.push(performance.now() - t);
      }
    }
    members.forEach((c, k) => {
      const s = samples[k]!.sort((a, b) => a - b);
      rows.push({
        group,
        name: c.name,
        baseline: c.baseline ?? false,
        median: s[s.length >> 1]!,
        min: s[0]!,
      });
    });
  }
  console.log(`\n### ${runtime}\n`);
  console.log("| group | case | median ms | min ms | vs baseline (median) |");
  console.log("| --- | --- | ---: | ---: | ---: |");
  for (const r of rows) {
    const base = rows.find((b) => b.group === r.group && b.baseline)!;
    const ratio = r.baseline ? "baseline" : `${(base.median / r.median).toFixed(2)}x`;
    console.log(
      `| ${r.group} | ${r.name} | ${r.median.toFixed(2)} | ${r.min.toFixed(2)} | ${ratio} |`,
    );
  }
  return rows;
}

const g = globalThis as {
  Deno?: { args: string[]; version: { deno: string } };
  process?: { argv: string[]; versions: Record<string, string> };
  Bun?: { version: string };
};
const isBundle = !import.meta.url.endsWith(".ts");
if (isBundle) {
  const dir = g.process!.argv[2]!;
  const name = g.Bun ? `Bun ${g.Bun.version}` : `Node ${g.process!.versions.node}`;
  await runAll(dir, name);
} else if (g.Deno) {
  const { execFileSync } = await import("node:child_process");
  const { join } = await import("node:path");
  const { SHARED_DIR, REPO_DIR } = await import("../tests/_spec.ts");
  const out = "/tmp/eventstream_bench.mjs";
  execFileSync(join(REPO_DIR, "node_modules/.bin/esbuild"), [
    join(REPO_DIR, "bench/eventstream_runtimes.ts"),
    "--bundle",
    "--platform=node",
    "--format=esm",
    `--outfile=${out}`,
    "--log-level=warning",
  ], { stdio: "inherit" });
  const fixtures = join(SHARED_DIR, "fixtures");
  if (g.Deno.args.includes("--deno")) await runAll(fixtures, `Deno ${g.Deno.version.deno}`);
  for (const bin of ["node", join(REPO_DIR, "node_modules/.bin/bun")]) {
    execFileSync(bin, [out, fixtures], { stdio: "inherit" });
  }
}
