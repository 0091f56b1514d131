// The CLI as a user runs it: a spawned process (and a pseudo-terminal through `script`), against
// the emulator served on 127.0.0.1.
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import { REPO_DIR } from "../_spec.ts";

const CLI = `${REPO_DIR}/src/cli.ts`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], stdin?: string, env: Record<string, string> = {}): Promise<Run> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
    clearEnv: false,
  });
  const child = cmd.spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

// No AWS credentials leak in from the machine running the tests.
const CLEAN_ENV = {
  AWS_ACCESS_KEY_ID: "",
  AWS_SECRET_ACCESS_KEY: "",
  AWS_SESSION_TOKEN: "",
  AWS_BEARER_TOKEN_BEDROCK: "",
  AWS_PROFILE: "",
};

Deno.test("bedrock --help and every command's --help exit 0 with usage text", async () => {
  for (
    const args of [["--help"], ["chat", "--help"], ["emulator", "--help"], ["count-tokens", "-h"]]
  ) {
    const r = await run(args);
    assert.equal(r.code, 0, args.join(" "));
    assert.match(r.stdout, /^Usage: bedrock/);
  }
  const v = await run(["--version"]);
  assert.match(v.stdout, /^bedrock-fetch \d+\.\d+\.\d+/);
});

Deno.test("bedrock rejects an unknown command or option with one line and exit 2", async () => {
  const a = await run(["frobnicate"]);
  assert.equal(a.code, 2);
  assert.equal(a.stderr.trim().split("\n").length, 1);
  assert.match(a.stderr, /Unknown command: frobnicate/);
  const b = await run(["chat", "hi", "--bogus"]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /Unknown option: --bogus/);
  const c = await run(["chat", "hi", "--temperature", "7"]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /--temperature must be a number >= 0 <= 1/);
});

Deno.test("bedrock chat streams the reply, then a usage line; count-tokens agrees", async () => {
  const server = await serveEmulator({ port: 0 });
  try {
    const r = await run(
      ["chat", "Hello from the CLI test", "--endpoint", server.url],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "Hello from the CLI test\n");
    const usage = r.stderr.match(/— (\d+) in · (\d+) out · (\d+) total/);
    assert.ok(usage, r.stderr);
    const count = await run(
      ["count-tokens", "Hello from the CLI test", "--endpoint", server.url],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(count.code, 0, count.stderr);
    assert.equal(Number(count.stdout.trim()), Number(usage[1]));
    const json = await run(
      ["chat", "as json", "--json", "--endpoint", server.url],
      undefined,
      CLEAN_ENV,
    );
    const body = JSON.parse(json.stdout);
    assert.equal(body.output.message.content[0].text, "as json");
    assert.equal(body.stopReason, "end_turn");
    assert.equal(body.$metadata.httpStatusCode, 200);
  } finally {
    await server.close();
  }
});

Deno.test("bedrock chat retries a throttle and reports the attempts; a bad model is one error line, exit 1", async () => {
  const server = await serveEmulator({ port: 0 });
  try {
    server.emulator.setFaults("throttle=1");
    const r = await run(
      ["chat", "after a throttle", "--endpoint", server.url],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "after a throttle\n");
    assert.match(r.stderr, /2 attempts/);
    const bad = await run(
      ["chat", "hi", "--endpoint", server.url, "-m", "nope.model-v9"],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(bad.code, 1);
    const lines = bad.stderr.trim().split("\n");
    assert.equal(lines.length, 1, bad.stderr);
    assert.match(lines[0]!, /^error: ResourceNotFoundException: .*\(HTTP 404/);
    const verbose = await run(
      ["chat", "hi", "--endpoint", server.url, "-m", "nope.model-v9", "--verbose"],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(verbose.code, 1);
    assert.ok(verbose.stderr.trim().split("\n").length > 1, "verbose adds detail");
    const wrongKey = await run(["chat", "hi", "--endpoint", server.url], undefined, {
      ...CLEAN_ENV,
      AWS_ACCESS_KEY_ID: "AKIAWRONGKEYEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "not-the-secret-123",
      AWS_REGION: "us-east-1",
    });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /UnrecognizedClientException/);
    assert.ok(!wrongKey.stderr.includes("not-the-secret-123"), "the secret never appears");
  } finally {
    await server.close();
  }
});

Deno.test("bedrock chat without a prompt holds an interactive conversation from stdin", async () => {
  const server = await serveEmulator({ port: 0 });
  try {
    const r = await run(
      ["chat", "--endpoint", server.url],
      "first line\n\nsecond line\n/exit\nnever\n",
      CLEAN_ENV,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "first line\nsecond line\n");
    assert.equal(r.stderr.match(/— \d+ in/g)?.length, 2);
  } finally {
    await server.close();
  }
});

Deno.test("bedrock chat --attach sends an image and a document", async () => {
  const server = await serveEmulator({ port: 0 });
  const dir = await Deno.makeTempDir();
  try {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    await Deno.writeFile(`${dir}/pic.png`, png);
    await Deno.writeTextFile(`${dir}/notes.txt`, "Some notes.");
    const r = await run(
      [
        "chat",
        "describe",
        "-a",
        `${dir}/pic.png`,
        "--attach",
        `${dir}/notes.txt`,
        "--endpoint",
        server.url,
      ],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /describe/);
    const missing = await run(
      ["chat", "x", "-a", `${dir}/absent.png`, "--endpoint", server.url],
      undefined,
      CLEAN_ENV,
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /absent\.png/);
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bedrock emulator prints its URL and credentials, serves, and exits 0 on SIGINT", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, "emulator", "--port", "0"],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("AWS_ENDPOINT_URL_BEDROCK_RUNTIME")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const url = text.match(/http:\/\/127\.0\.0\.1:\d+/)?.[0];
  assert.ok(url, text);
  assert.match(text, /AKIAEMULATOREXAMPLE/);
  const res = await fetch(`${url}/model/amazon.nova-lite-v1%3A0/converse`, {
    method: "POST",
    headers: { authorization: "Bearer emulator-token", "content-type": "application/json" },
    body: JSON.stringify({ messages: [{ role: "user", content: [{ text: "ping" }] }] }),
  });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).output.message.content[0].text, "ping");
  child.kill("SIGINT");
  await reader.cancel();
  const status = await child.status;
  assert.equal(status.code, 0);
  await child.stderr.cancel();
});

Deno.test("bedrock chat on a terminal shows a spinner until the first token", {
  ignore: Deno.build.os !== "linux",
}, async () => {
  const server = await serveEmulator({ port: 0, paceMs: 150 });
  try {
    const line = [Deno.execPath(), "run", "-A", CLI, "chat", "tty test", "--endpoint", server.url]
      .map((a) => `'${a}'`).join(" ");
    const out = await new Deno.Command("script", {
      args: ["-qec", line, "/dev/null"],
      stdout: "piped",
      stderr: "piped",
      env: CLEAN_ENV,
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, text);
    assert.match(text, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/, "a spinner frame was drawn");
    assert.match(text, /tty test/);
    assert.match(text, /— \d+ in/);
  } finally {
    await server.close();
  }
});
