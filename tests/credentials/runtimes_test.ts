// The default chain with no extra code on Bun (TypeScript sources) and Node 20 (JavaScript as the
// npm build emits it: per-file transpile, relative ".ts" imports rewritten to ".js"), and the Workers-style bundle check.
import assert from "node:assert/strict";
import { REPO_DIR } from "../_spec.ts";
import { tempFiles } from "./_fakes.ts";

const BIN = `${REPO_DIR}/node_modules/.bin`;

function profileFiles() {
  const files = tempFiles({
    credentials: "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = d\n",
    "proc.sh":
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIDFROMPROCESS","SecretAccessKey":"p","SessionToken":"t"}'\n`,
  });
  Deno.writeTextFileSync(
    files.path("config"),
    `[profile work]\ncredential_process = ${files.path("proc.sh")}\nregion = eu-north-1\n`,
  );
  return files;
}

function script(chainUrl: string, regionUrl: string): string {
  return `
import { defaultCredentialsProvider } from ${JSON.stringify(chainUrl)};
import { resolveRegion } from ${JSON.stringify(regionUrl)};
const c = await defaultCredentialsProvider()();
console.log(JSON.stringify({ id: c.accessKeyId, token: c.sessionToken, region: await resolveRegion() }));
`;
}

async function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(cmd, {
    args,
    env: { PATH: Deno.env.get("PATH") ?? "", NO_COLOR: "1", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const err = new TextDecoder().decode(stderr);
  assert.equal(code, 0, err);
  return new TextDecoder().decode(stdout).trim();
}

function profileEnv(dir: string): Record<string, string> {
  return {
    HOME: dir,
    AWS_CONFIG_FILE: `${dir}/config`,
    AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
    AWS_PROFILE: "work",
    AWS_EC2_METADATA_DISABLED: "true",
  };
}

Deno.test("defaultCredentialsProvider() reads a credential_process profile on Bun with no extra code", async () => {
  const files = profileFiles();
  try {
    Deno.writeTextFileSync(
      files.path("main.ts"),
      script(`${REPO_DIR}/src/credentials/chain.ts`, `${REPO_DIR}/src/credentials/region.ts`),
    );
    const out = await run(`${BIN}/bun`, ["run", files.path("main.ts")], profileEnv(files.dir));
    assert.deepEqual(JSON.parse(out), { id: "AKIDFROMPROCESS", token: "t", region: "eu-north-1" });
  } finally {
    files.cleanup();
  }
});

async function transpileTree(outDir: string): Promise<void> {
  const inputs: string[] = [];
  for (const dir of ["src", "src/credentials", "src/sigv4"]) {
    for (const entry of Deno.readDirSync(`${REPO_DIR}/${dir}`)) {
      if (entry.isFile && entry.name.endsWith(".ts")) {
        inputs.push(`${REPO_DIR}/${dir}/${entry.name}`);
      }
    }
  }
  await run(`${BIN}/esbuild`, [
    ...inputs,
    "--format=esm",
    "--target=es2022",
    `--outbase=${REPO_DIR}`,
    `--outdir=${outDir}`,
    "--log-level=error",
  ], {});
  // what tsc's rewriteRelativeImportExtensions does to literal specifiers
  for (const input of inputs) {
    const path = input.replace(REPO_DIR, outDir).replace(/\.ts$/, ".js");
    Deno.writeTextFileSync(
      path,
      Deno.readTextFileSync(path).replace(
        /(from\s*|import\s*\(\s*)"(\.{1,2}\/[^"]+)\.ts"/g,
        '$1"$2.js"',
      ),
    );
  }
  Deno.writeTextFileSync(`${outDir}/package.json`, '{"type":"module"}');
}

Deno.test("defaultCredentialsProvider() reads a credential_process profile on Node 20 from emitted JS", async () => {
  const files = profileFiles();
  try {
    await transpileTree(`${files.dir}/pkg`);
    Deno.writeTextFileSync(
      files.path("pkg/main.mjs"),
      script("./src/credentials/chain.js", "./src/credentials/region.js"),
    );
    const out = await run("node", [files.path("pkg/main.mjs")], profileEnv(files.dir));
    assert.deepEqual(JSON.parse(out), { id: "AKIDFROMPROCESS", token: "t", region: "eu-north-1" });
  } finally {
    files.cleanup();
  }
});

Deno.test("a Workers-style esbuild bundle of the core chain has no node: import and no file code", async () => {
  const files = tempFiles({
    "entry.ts": `
export { defaultCredentialsProvider, toCredentialsProvider } from "${REPO_DIR}/src/credentials/chain.ts";
export { resolveRegion } from "${REPO_DIR}/src/credentials/region.ts";
export { resolveBearerToken } from "${REPO_DIR}/src/credentials/env.ts";
`,
  });
  try {
    await run(`${BIN}/esbuild`, [
      files.path("entry.ts"),
      "--bundle",
      "--platform=neutral",
      "--format=esm",
      "--minify",
      `--outfile=${files.path("out.js")}`,
      "--log-level=error",
    ], {});
    const out = Deno.readTextFileSync(files.path("out.js"));
    assert.equal(out.includes("node:"), false, "no node: specifier");
    for (
      const marker of [
        "credential_process",
        "AssumeRole",
        "source_profile",
        "AWS4-HMAC-SHA256",
        "execFile",
      ]
    ) {
      assert.equal(out.includes(marker), false, `${marker} is not in the core bundle`);
    }
    assert.match(
      out,
      /import\([a-zA-Z_$][\w$]*\[/,
      "the file sources stay behind a computed import()",
    );
    const gz = await new Response(
      new Blob([out]).stream().pipeThrough(new CompressionStream("gzip")),
    ).arrayBuffer();
    console.log(`core credentials chain: ${out.length} B minified, ${gz.byteLength} B gzipped`);
  } finally {
    files.cleanup();
  }
});

Deno.test("defaultCredentialsProvider() works in workerd from env bindings, files unavailable", async () => {
  const files = tempFiles({
    "worker.ts": `
import { defaultCredentialsProvider } from "${REPO_DIR}/src/credentials/chain.ts";
import { resolveRegion } from "${REPO_DIR}/src/credentials/region.ts";
export default {
  async fetch(_req: Request, env: Record<string, string>) {
    const c = await defaultCredentialsProvider({ env })();
    let missing = "";
    try { await defaultCredentialsProvider({ env: { AWS_EC2_METADATA_DISABLED: "true" } })(); }
    catch (e) { missing = (e as Error).message; }
    return Response.json({ id: c.accessKeyId, token: c.sessionToken, region: await resolveRegion({ env }), missing });
  },
};
`,
  });
  try {
    await run(`${BIN}/esbuild`, [
      files.path("worker.ts"),
      "--bundle",
      "--platform=neutral",
      "--format=esm",
      `--outfile=${files.path("worker.mjs")}`,
      "--log-level=error",
    ], {});
    const bindings = {
      AWS_ACCESS_KEY_ID: "AKIDWORKER",
      AWS_SECRET_ACCESS_KEY: "worker-secret",
      AWS_SESSION_TOKEN: "worker-token",
      AWS_REGION: "us-east-2",
    };
    const out = await run("node", [
      `${REPO_DIR}/tests/runtimes/workerd_host.mjs`,
      files.path("worker.mjs"),
      `--bindings=${JSON.stringify(bindings)}`,
    ], { HOME: files.dir });
    const body = JSON.parse(out.slice(out.indexOf("@@CONFORMANCE@@") + 15));
    assert.equal(body.id, "AKIDWORKER");
    assert.equal(body.token, "worker-token");
    assert.equal(body.region, "us-east-2");
    assert.match(body.missing, /profile: files cannot be read here/);
    assert.match(body.missing, /web-identity: files cannot be read here/);
  } finally {
    files.cleanup();
  }
});
