// The emulator's fetch handler bundled into a Cloudflare Worker and run in workerd (miniflare):
// no node builtin is needed to serve Converse, ConverseStream and errors.
import assert from "node:assert/strict";

Deno.test("createEmulator runs as a Worker in workerd (bundle has no node builtins)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const out = `${dir}/worker.mjs`;
    const { build } = await import("esbuild");
    await build({
      entryPoints: [new URL("./_worker.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      platform: "neutral",
      outfile: out,
      logLevel: "error",
    });
    const code = await Deno.readTextFile(out);
    assert.ok(
      !/from\s*["']node:|import\(["']node:/.test(code),
      "no literal node: import in the bundle",
    );
    const host = new URL("./_workerd_host.mjs", import.meta.url).pathname;
    const run = await new Deno.Command("node", {
      args: [host, out],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stdout = new TextDecoder().decode(run.stdout);
    assert.equal(run.code, 0, stdout + new TextDecoder().decode(run.stderr));
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    assert.equal(result.text, "hello from workerd");
    assert.equal(result.streamType, "application/vnd.amazon.eventstream");
    assert.ok(result.bytes > 200);
    assert.equal(result.badStatus, 400);
    assert.match(result.badType, /^ValidationException/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
