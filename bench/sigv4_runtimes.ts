// The sigv4_bench.ts comparison as a plain loop, for Bun and Node (no Deno.bench there).
//   bun bench/sigv4_runtimes.ts
//   esbuild bench/sigv4_runtimes.ts --bundle --platform=node --format=esm --outfile=/tmp/sigv4_runtimes.mjs && node /tmp/sigv4_runtimes.mjs
//   deno run -A bench/sigv4_runtimes.ts
// Each contestant runs in interleaved rounds; the table shows the median of the rounds' per-op times.
import { contestants as signers, converseBody } from "./_sigv4_cases.ts";

const g = globalThis as {
  Deno?: { version: { deno: string } };
  Bun?: { version: string };
  process?: { version: string };
};
const runtime = g.Deno
  ? `Deno ${g.Deno.version.deno}`
  : g.Bun
  ? `Bun ${g.Bun.version}`
  : `Node ${g.process?.version}`;

async function measure(fn: () => unknown, iterations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - start) * 1000 / iterations;
}

async function group(label: string, size: number): Promise<void> {
  const contestants: [string, () => unknown][] = signers(converseBody(size)).map((c) => [
    c.name,
    c.fn,
  ]);
  const iterations = size > 1024 ? 200 : 2000;
  const times = contestants.map(() => [] as number[]);
  for (const [, fn] of contestants) await measure(fn, iterations); // warm-up
  for (let round = 0; round < 9; round++) {
    for (let i = 0; i < contestants.length; i++) {
      times[i]!.push(await measure(contestants[i]![1], iterations));
    }
  }
  const medians = times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
  const ourTime = medians[0]!;
  console.log(`\n${runtime}: sign Converse POST, ${label} body (median of 9 rounds)`);
  console.log("| contestant | µs/op | ours is |");
  console.log("| --- | ---: | ---: |");
  contestants.forEach(([name], i) => {
    const ratio = medians[i]! / ourTime;
    const rel = i === 0
      ? "baseline"
      : ratio >= 1
      ? `${ratio.toFixed(2)}x faster`
      : `${(1 / ratio).toFixed(2)}x slower`;
    console.log(`| ${name} | ${medians[i]!.toFixed(1)} | ${rel} |`);
  });
}

await group("1 KiB", 1024);
await group("256 KiB", 256 * 1024);
