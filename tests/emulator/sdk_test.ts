// The official @aws-sdk/client-bedrock-runtime against the emulator over a real socket, under Deno
// (Deno.serve: HTTP/1.1 + h2c) with its default NodeHttp2Handler and with NodeHttpHandler; and the
// same scenario bundled with esbuild and run by Node against the node:http + node:http2 server.
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import { runSdkScenario } from "./_sdk_scenario.ts";

for (const handler of ["default", "http1"] as const) {
  Deno.test(`AWS SDK (${handler} handler, Deno) calls every operation and gets every modeled error from the emulator`, async () => {
    const server = await serveEmulator({ port: 0 });
    try {
      const r = await runSdkScenario(server.url, handler, assert);
      assert.equal(r.operations, 6);
      assert.equal(r.errors, 12);
      assert.ok(
        r.signedHeaders.every((h) => h.includes("host") || h.includes(":authority")),
        r.signedHeaders.join(" | "),
      );
      console.log(`${handler}: signed headers ${r.signedHeaders.join(" | ")}`);
    } finally {
      await server.close();
    }
  });
}

Deno.test("AWS SDK under Node (esbuild bundle) works against the node:http + h2c server with both handlers, and 200 concurrent streams arrive intact", async () => {
  const dir = await Deno.makeTempDir();
  const out = `${dir}/sdk_node.mjs`;
  const { build } = await import("esbuild");
  await build({
    entryPoints: [new URL("./sdk_node_main.ts", import.meta.url).pathname],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: out,
    logLevel: "error",
    banner: {
      js:
        "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  const { code, stdout, stderr } = await new Deno.Command("node", {
    args: [out],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, text + new TextDecoder().decode(stderr));
  assert.match(text, /default: ok 6 operations 12 errors/);
  assert.match(text, /http1: ok 6 operations 12 errors/);
  assert.match(text, /node load: 200\/200 concurrent streams intact/);
  console.log(text.trim());
  await Deno.remove(dir, { recursive: true });
});
