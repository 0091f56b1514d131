// A small `Deno` namespace for running `deno bench` files on Node and Bun: Deno.bench registers,
// runBenches() measures and prints a table with per-group ratios to the baseline, like deno bench.
// Only what bench files use is provided (bench, readFile*, env, args, build, cwd, exit).
// Bundled in front of a bench file by bench/_shim/run.ts; never imported by src/.

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { arch, cpus, platform } from "node:os";
import process from "node:process";

interface BenchContext {
  start(): void;
  end(): void;
  name: string;
  origin: string;
}
type BenchFn = (b: BenchContext) => unknown;
interface BenchDef {
  name: string;
  fn: BenchFn;
  group?: string;
  baseline?: boolean;
  ignore?: boolean;
  only?: boolean;
  n?: number;
  warmup?: number;
}

const benches: BenchDef[] = [];

function bench(a: unknown, b?: unknown, c?: unknown): void {
  let def: BenchDef;
  if (typeof a === "function") def = { name: a.name, fn: a as BenchFn };
  else if (typeof a === "string" && typeof b === "function") def = { name: a, fn: b as BenchFn };
  else if (typeof a === "string") def = { ...(b as object), name: a, fn: c as BenchFn };
  else if (typeof b === "function") def = { ...(a as BenchDef), fn: b as BenchFn };
  else def = a as BenchDef;
  benches.push(def);
}

const shim = {
  bench,
  version: { deno: "shim", v8: "", typescript: "" },
  args: [] as string[],
  build: { os: platform(), arch: arch(), target: `${arch()}-${platform()}` },
  env: {
    get: (k: string): string | undefined => process.env[k],
    toObject: (): Record<string, string | undefined> => ({ ...process.env }),
  },
  cwd: (): string => process.cwd(),
  exit: (code?: number): never => process.exit(code),
  readFileSync: (p: string | URL): Uint8Array => new Uint8Array(readFileSync(p)),
  readTextFileSync: (p: string | URL): string => readFileSync(p, "utf8"),
  readFile: async (p: string | URL): Promise<Uint8Array> => new Uint8Array(await readFile(p)),
  readTextFile: (p: string | URL): Promise<string> => readFile(p, "utf8"),
  noColor: true,
};
// Installed as __denoShim, not Deno: run.ts maps the bench file's bare `Deno` identifier here
// (esbuild define), so library code that detects Deno through globalThis.Deno still sees Node/Bun.
(globalThis as Record<string, unknown>).__denoShim = shim;

interface Stats {
  avg: number;
  min: number;
  max: number;
  p75: number;
  p99: number;
  iters: number;
}

async function measure(def: BenchDef, budgetMs: number): Promise<Stats> {
  let spans = 0;
  let started = 0;
  const ctx: BenchContext = {
    name: def.name,
    origin: "shim",
    start: () => void (started = performance.now()),
    end: () => void (spans += performance.now() - started),
  };
  const once = async (): Promise<number> => {
    spans = -1;
    const t0 = performance.now();
    const r = def.fn(ctx);
    if (r instanceof Promise) await r;
    const t = performance.now() - t0;
    return spans === -1 ? t : spans + 1;
  };
  // Warm up, then size batches to about 1 ms so that timer resolution does not dominate.
  const warmEnd = performance.now() + Math.min(200, budgetMs / 3);
  let warm = 0;
  let warmTime = 0;
  while ((performance.now() < warmEnd || warm < 5) && warm < (def.warmup ?? 1e9)) {
    warmTime += await once();
    warm++;
  }
  const per = warmTime / warm;
  const k = Math.max(1, Math.min(10_000, Math.round(1 / Math.max(per, 1e-6))));
  const samples: number[] = [];
  let iters = 0;
  const end = performance.now() + budgetMs;
  while (
    (performance.now() < end || samples.length < 10) && (def.n === undefined || iters < def.n)
  ) {
    let sum = 0;
    for (let i = 0; i < k; i++) {
      spans = -1;
      const t0 = performance.now();
      const r = def.fn(ctx);
      if (r instanceof Promise) await r;
      const t = performance.now() - t0;
      sum += spans === -1 ? t : spans + 1;
    }
    samples.push(sum / k);
    iters += k;
  }
  samples.sort((x, y) => x - y);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  const avg = samples.reduce((s, x) => s + x, 0) / samples.length;
  return { avg, min: samples[0]!, max: samples.at(-1)!, p75: q(0.75), p99: q(0.99), iters };
}

function fmt(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(1)} µs`;
  return `${(ms * 1e6).toFixed(1)} ns`;
}

/** Runs every registered bench and prints the table; returns the rows for machine use. */
export async function runBenches(
  file: string,
  budgetMs = 500,
): Promise<Array<{ name: string; group?: string; avgMs: number }>> {
  const runtime = (globalThis as { Bun?: { version: string } }).Bun
    ? `bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
    : `node ${process.version}`;
  console.log(`    CPU | ${cpus()[0]?.model ?? "unknown"}`);
  console.log(`Runtime | ${runtime} (${arch()}-${platform()}) via bench/_shim\n`);
  console.log(`file://${file}\n`);
  const only = benches.some((b) => b.only);
  const todo = benches.filter((b) => !b.ignore && (!only || b.only));
  const rows: Array<{ name: string; group?: string; avgMs: number }> = [];
  const groups = new Map<string | undefined, Array<{ def: BenchDef; s: Stats }>>();
  for (const def of todo) {
    const s = await measure(def, budgetMs);
    const row: { name: string; group?: string; avgMs: number } = { name: def.name, avgMs: s.avg };
    if (def.group !== undefined) row.group = def.group;
    rows.push(row);
    if (!groups.has(def.group)) groups.set(def.group, []);
    groups.get(def.group)!.push({ def, s });
  }
  const w = Math.max(20, ...todo.map((b) => b.name.length)) + 2;
  for (const [group, list] of groups) {
    if (group !== undefined) console.log(`group ${group}`);
    console.log(
      `${"benchmark".padEnd(w)} ${"time/iter (avg)".padStart(16)} ${
        "iter/s".padStart(12)
      }      (min … max)        p75       p99`,
    );
    for (const { def, s } of list) {
      console.log(
        `${def.name.padEnd(w)} ${fmt(s.avg).padStart(16)} ${
          (1000 / s.avg).toFixed(1).padStart(12)
        } ` +
          `(${fmt(s.min)} … ${fmt(s.max)}) ${fmt(s.p75).padStart(9)} ${fmt(s.p99).padStart(9)}`,
      );
    }
    const base = list.find((x) => x.def.baseline) ??
      (list.length > 1 ? list.reduce((a, b) => (a.s.avg <= b.s.avg ? a : b)) : undefined);
    if (base && list.length > 1) {
      console.log(`\nsummary\n  ${base.def.name}`);
      for (const other of list) {
        if (other === base) continue;
        const r = other.s.avg / base.s.avg;
        console.log(
          r >= 1
            ? `     ${r.toFixed(2)}x faster than ${other.def.name}`
            : `     ${(1 / r).toFixed(2)}x slower than ${other.def.name}`,
        );
      }
    }
    console.log("");
  }
  return rows;
}
