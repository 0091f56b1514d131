// The sigv4_bench.ts comparison as a plain loop, for Bun and Node (no Deno.bench there).
//   bun bench/sigv4_runtimes.ts
//   esbuild bench/sigv4_runtimes.ts --bundle --platform=node --format=esm --outfile=/tmp/sigv4_runtimes.mjs && node /tmp/sigv4_runtimes.mjs
//   deno run -A bench/sigv4_runtimes.ts
// Each contestant runs in interleaved rounds; the table shows the median of the rounds' per-op times.
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { AwsV4Signer } from "aws4fetch";
import { SigV4Signer } from "../src/sigv4/mod.ts";

type Data = string | ArrayBuffer | ArrayBufferView;
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

function bytes(data: Data): string | Uint8Array {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return new Uint8Array(data);
}

class NodeSha256 {
  readonly #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: Data) {
    this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data): void {
    this.#h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
}

const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const region = "us-east-1";
const host = `bedrock-runtime.${region}.amazonaws.com`;
const path = `/model/${encodeURIComponent("anthropic.claude-3-5-haiku-20241022-v1:0")}/converse`;
const url = `https://${host}${path}`;
const headers = { "content-type": "application/json", accept: "application/json" };

function converseBody(size: number): string {
  const base = {
    messages: [{ role: "user", content: [{ text: "" }] }],
    inferenceConfig: { maxTokens: 512, temperature: 0.5 },
  };
  const overhead = JSON.stringify(base).length;
  base.messages[0]!.content[0]!.text = "lorem ipsum dolor sit amet ".repeat(size).slice(
    0,
    size - overhead,
  );
  return JSON.stringify(base);
}

const ours = new SigV4Signer({ region, service: "bedrock", credentials });
const smithyJs = new SignatureV4({
  credentials,
  region,
  service: "bedrock",
  sha256: Sha256,
  applyChecksum: false,
});
const smithyNode = new SignatureV4({
  credentials,
  region,
  service: "bedrock",
  sha256: NodeSha256,
  applyChecksum: false,
});
const aws4Cache = new Map();

async function measure(fn: () => unknown, iterations: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return (performance.now() - start) * 1000 / iterations;
}

async function group(label: string, size: number): Promise<void> {
  const body = converseBody(size);
  const smithyRequest = () => ({
    method: "POST",
    protocol: "https:",
    hostname: host,
    path,
    query: {},
    headers: { ...headers, host },
    body,
  });
  const contestants: [string, () => unknown][] = [
    ["bedrock-fetch SigV4Signer", () => ours.sign({ method: "POST", url, headers, body })],
    ["@smithy/signature-v4 + sha256-js", () => smithyJs.sign(smithyRequest())],
    ["@smithy/signature-v4 + node:crypto", () => smithyNode.sign(smithyRequest())],
    ["aws4fetch AwsV4Signer", () =>
      new AwsV4Signer({
        method: "POST",
        url,
        headers,
        body,
        service: "bedrock",
        region,
        cache: aws4Cache,
        ...credentials,
      }).sign()],
  ];
  if (size > 1024) {
    contestants.push([
      "node:crypto SHA-256 of the body only",
      () => createHash("sha256").update(body).digest("hex"),
    ]);
  }
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
