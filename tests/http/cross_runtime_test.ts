// Runs the transport fault scenarios of _faults_portable.ts on Node and Bun: bundled by esbuild,
// each against its own node:http server on 127.0.0.1 and the runtime's own fetch.
import assert from "node:assert/strict";
import { REPO_DIR } from "../_spec.ts";

const BIN = `${REPO_DIR}/node_modules/.bin`;

async function run(
  cmd: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(cmd, { args, cwd: REPO_DIR, stdout: "piped", stderr: "piped" })
    .output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

const dir = await Deno.makeTempDir({ prefix: "bedrock-fetch-http-" });
const bundle = `${dir}/faults.mjs`;
let built: Promise<void> | undefined;

function build(): Promise<void> {
  return built ??= run(`${BIN}/esbuild`, [
    "tests/http/_faults_portable.ts",
    "--bundle",
    "--platform=node",
    "--format=esm",
    `--outfile=${bundle}`,
    "--log-level=warning",
  ]).then((r) => assert.equal(r.code, 0, r.stderr));
}

async function scenarios(cmd: string): Promise<void> {
  await build();
  const r = await run(cmd, [bundle]);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as {
    name: string;
    ok: boolean;
    error?: string;
  }[];
  assert.ok(results.length >= 10, `only ${results.length} scenarios ran`);
  const failed = results.filter((x) => !x.ok).map((x) => `${x.name}: ${x.error}`);
  assert.deepEqual(failed, []);
}

Deno.test("Transport fault scenarios pass on Node (undici fetch)", () => scenarios("node"));

Deno.test("Transport fault scenarios pass on Bun", () => scenarios(`${BIN}/bun`));

Deno.test("cross-runtime scratch directory is removed", async () => {
  await Deno.remove(dir, { recursive: true });
});
