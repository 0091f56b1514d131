// serveEmulator on Bun (Bun.serve): run in a Bun subprocess, checked here.
import assert from "node:assert/strict";

Deno.test("serveEmulator serves SigV4, bearer streams and AWS errors on Bun", async () => {
  const main = new URL("./_bun_main.ts", import.meta.url).pathname;
  const bun = new URL("../../node_modules/.bin/bun", import.meta.url).pathname;
  const run = await new Deno.Command(bun, { args: [main], stdout: "piped", stderr: "piped" })
    .output();
  const stdout = new TextDecoder().decode(run.stdout);
  assert.equal(run.code, 0, stdout + new TextDecoder().decode(run.stderr));
  const r = JSON.parse(stdout.trim().split("\n").pop()!);
  assert.deepEqual(r, {
    runtime: "object",
    text: "bun sigv4",
    streamed: "bun stream of several words",
    badStatus: 403,
    badType: "MissingAuthenticationTokenException",
  });
});
