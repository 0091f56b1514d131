// End to end: a BedrockRuntime given no credentials and no region, only a profile in the shared
// files, calls the in-process emulator (which verifies SigV4) — the "no extra code" promise.
import assert from "node:assert/strict";
import { BedrockRuntime } from "../../mod.ts";
import { createEmulator } from "../../src/emulator/mod.ts";
import { fakeSts, isolatedEnv, tempFiles } from "./_fakes.ts";

const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
const INPUT = {
  modelId: MODEL,
  messages: [{ role: "user" as const, content: [{ text: "hello" }] }],
};

Deno.test("BedrockRuntime with only a credential_process profile signs requests the emulator accepts", async () => {
  const files = tempFiles({
    "proc.sh":
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIAEMULATOREXAMPLE","SecretAccessKey":"emulator-secret"}'\n`,
  });
  Deno.writeTextFileSync(
    files.path("config"),
    `[profile emu]\ncredential_process = ${files.path("proc.sh")}\nregion = us-west-2\n`,
  );
  try {
    const emulator = createEmulator();
    const hosts: string[] = [];
    const client = new BedrockRuntime({
      env: isolatedEnv(files.dir, { AWS_PROFILE: "emu" }),
      fetch: (input, init) => {
        const req = new Request(input, init);
        hosts.push(new URL(req.url).host);
        return emulator.fetch(req);
      },
    });
    const out = await client.converse(INPUT);
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(hosts, ["bedrock-runtime.us-west-2.amazonaws.com"], "region from the profile");
  } finally {
    files.cleanup();
  }
});

Deno.test("BedrockRuntime with an assume-role profile uses the role's keys from STS", async () => {
  const files = tempFiles({
    credentials: "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
  });
  Deno.writeTextFileSync(
    files.path("config"),
    "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/emu\nsource_profile = base\nregion = eu-west-1\n",
  );
  const sts = fakeSts({ AKIDBASE: "base-secret" });
  try {
    const emulator = createEmulator({
      keys: [{ accessKeyId: "ASIAEMU", secretAccessKey: "secret-of-emu" }],
    });
    const auth: string[] = [];
    const client = new BedrockRuntime({
      profile: "app",
      env: isolatedEnv(files.dir, { AWS_ENDPOINT_URL_STS: sts.url }),
      fetch: (input, init) => {
        const req = new Request(input, init);
        auth.push(req.headers.get("x-amz-security-token") ?? "");
        return emulator.fetch(req);
      },
    });
    await client.converse(INPUT);
    await client.converse(INPUT);
    assert.deepEqual(auth, ["token-of-emu&more", "token-of-emu&more"]);
    assert.equal(sts.calls.length, 1, "credentials cached across requests");
  } finally {
    await sts.close();
    files.cleanup();
  }
});
