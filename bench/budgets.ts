// Size and start-time budgets (DESIGN §5): prints the figures next to the AWS SDK and aws4fetch
// measured in the same run. Usage: deno run -A bench/budgets.ts [--runs=21] [--write] [--strict]
//   --write   also writes bench/results/budgets.md
//   --strict  exits 1 when a budget is exceeded

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../tests/_spec.ts";
import { clientEntry, measureAll, type SizeResult } from "./size_budget.ts";
import { measureStart, type StartResult } from "./start_time.ts";

const SIZE_BAR = 8 * 1024;
const CHAT_BAR = 8 * 1024;
const START_BAR_MS = 10;

const runs = Number(Deno.args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 21);
const kb = (n: number) => (Number.isNaN(n) ? "n/a" : `${(n / 1024).toFixed(2)} KiB`);
const ms = (
  n: number | undefined,
) => (n === undefined || Number.isNaN(n) ? "n/a" : `${n.toFixed(1)} ms`);

function sizeSection(sizes: SizeResult[]): { lines: string[]; ok: boolean } {
  const lines = [
    "| program (esbuild --bundle --minify, platform browser; gzip -9) | minified | min + gzip |",
    "|---|---:|---:|",
  ];
  for (const s of sizes) lines.push(`| ${s.name} | ${kb(s.minified)} | ${kb(s.gzipped)} |`);
  const core = sizes[0]!;
  const chat = sizes.find((s) => s.name.includes("+ chat layer (chat"))!;
  const sdk = sizes.find((s) => s.name.startsWith("@aws-sdk"))!;
  const a4f = sizes.find((s) => s.name.startsWith("aws4fetch"))!;
  const extra = chat.gzipped - core.gzipped;
  const coreOk = core.gzipped <= SIZE_BAR;
  const chatOk = Number.isNaN(extra) || extra <= CHAT_BAR;
  lines.push(
    "",
    `- core: ${kb(core.gzipped)} vs bar ${kb(SIZE_BAR)} → **${
      coreOk ? "within budget" : "OVER budget"
    }**` +
      ` (${(sdk.gzipped / core.gzipped).toFixed(1)}× smaller than the AWS SDK program,` +
      ` ${(core.gzipped / a4f.gzipped).toFixed(1)}× aws4fetch's)`,
    `- chat layer extra (chat, streamChat, runTools, tool): ${kb(extra)} vs bar ${
      kb(CHAT_BAR)
    } → **${
      Number.isNaN(extra)
        ? "not measured (src/chat/mod.ts missing)"
        : chatOk
        ? "within budget"
        : "OVER budget"
    }**`,
    "",
    `Largest inputs of the core program (bytes in the minified output; client entry ${clientEntry()}):`,
    "",
    ...(core.top ?? []).map(([file, bytes]) => `- ${file}: ${bytes}`),
    "",
    "By folder: " + (core.folders ?? []).map(([f, bytes]) => `${f} ${bytes}`).join(", "),
  );
  return { lines, ok: coreOk && chatOk };
}

function startSection(starts: StartResult[]): { lines: string[]; ok: boolean } {
  const libs = Object.keys(starts[0]?.medians ?? {}).filter((k) => k !== "empty");
  const lines = [
    `| runtime | empty process | ${
      libs.map((l) => `+ ${l} (Δ median / Δ min / in-process import)`).join(" | ")
    } |`,
    `|---|---:|${libs.map(() => "---:").join("|")}|`,
  ];
  let ok = true;
  for (const s of starts) {
    const empty = s.medians.empty!;
    const cells = libs.map((l) => {
      const delta = s.medians[l]! - empty;
      const deltaMin = s.mins[l]! - s.mins.empty!;
      const imp = s.importMs[l]! - s.importMs.empty!;
      if (l === "bedrock-fetch" && delta > START_BAR_MS) ok = false;
      return `${ms(delta)} / ${ms(deltaMin)} / ${ms(imp)}`;
    });
    lines.push(
      `| ${s.runtime} ${s.version.replace(/^deno /, "").split(" ")[0]} | ${ms(empty)} (min ${
        ms(s.mins.empty)
      }) | ${cells.join(" | ")} |`,
    );
  }
  lines.push(
    "",
    `Medians of ${runs} interleaved runs per file. Process Δ = median wall time of \`<runtime> bundle.mjs\`` +
      " minus that of an empty module (the budget: ≤ 10 ms for bedrock-fetch); Δ min = the same with each file's fastest run; in-process import =" +
      " `await import(bundle)` timed inside the process, minus the same for an empty module. On a" +
      " shared, loaded machine the process Δ swings by tens of ms between runs (compare the empty" +
      " process column with a quiet machine's ~40 ms on Node); the in-process figure is the steadier one.",
  );
  return { lines, ok };
}

const sizes = await measureAll();
const size = sizeSection(sizes);
console.log(["## Bundle size", "", ...size.lines].join("\n"));
const starts = await measureStart(runs);
const start = startSection(starts);
console.log(["", "## Start time", "", ...start.lines].join("\n"));
const verdict = `size ${size.ok ? "within" : "OVER"} budget; start ${
  start.ok ? "within" : "OVER"
} budget`;
console.log(`\n${verdict}`);

if (Deno.args.includes("--write")) {
  const cpu = Deno.build.target;
  const md = [
    "# Budgets: bundle size and start time",
    "",
    `Command: \`deno task budgets --write\` (\`deno run -A bench/budgets.ts\`), ${
      new Date().toISOString()
    },` +
    ` ${cpu}, ${navigator.hardwareConcurrency} cores, esbuild ${
      (await import("esbuild")).version
    }.`,
    "",
    "## Bundle size",
    "",
    ...size.lines,
    "",
    "## Start time",
    "",
    ...start.lines,
    "",
    `Verdict: ${verdict}.`,
    "",
  ].join("\n");
  const file = join(REPO_DIR, "bench", "results", "budgets.md");
  writeFileSync(file, md);
  // Keep `deno fmt --check` green: markdown tables are aligned by the formatter.
  await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", file] }).output();
  console.log("wrote bench/results/budgets.md");
}
if (Deno.args.includes("--strict") && !(size.ok && start.ok)) Deno.exit(1);
