import assert from "node:assert/strict";
import { fromProfile, profileRegion } from "../../src/credentials/profile.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret, isolatedEnv } from "./_fakes.ts";
import { setup } from "./_profiles.ts";

Deno.test("fromProfile() reads [default] and named profiles, the credentials file winning", async () => {
  const files = setup();
  try {
    const env = isolatedEnv(files.dir);
    const def = await fromProfile({ env })();
    assert.deepEqual({ ...def }, {
      accessKeyId: "AKIDDEFAULT",
      secretAccessKey: "default/secret+key",
    });
    const dev = await fromProfile({ env, profile: "dev" })();
    assert.deepEqual({ ...dev }, {
      accessKeyId: "AKIDDEV",
      secretAccessKey: "dev-secret",
      sessionToken: "dev-token",
    });
    const viaEnv = await fromProfile({ env: { ...env, AWS_PROFILE: "cfgonly" } })();
    assert.equal(viaEnv.accessKeyId, "AKIDCFG");
    await assert.rejects(
      fromProfile({ env, profile: "cfgonly-without-prefix" })(),
      /profile:cfgonly-without-prefix: not found/,
    );
  } finally {
    files.cleanup();
  }
});

Deno.test("fromProfile() runs credential_process and reads Version 1 JSON", async () => {
  const files = setup();
  try {
    const c = await fromProfile({ env: isolatedEnv(files.dir), profile: "proc" })();
    assert.deepEqual({ ...c }, {
      accessKeyId: "AKIDPROC",
      secretAccessKey: "proc-secret",
      sessionToken: "proc-token",
      expiration: new Date("2040-01-01T00:00:00Z"),
    });
  } finally {
    files.cleanup();
  }
});

Deno.test("fromProfile() reports a failing credential_process by exit code only", async () => {
  const files = setup();
  try {
    for (
      const [script, reason] of [["fail.sh", /exited with code 7/], ["v2.sh", /Version 1/]] as const
    ) {
      Deno.writeTextFileSync(
        files.path("config"),
        `[profile p]\ncredential_process = ${files.path(script)}\n`,
      );
      await assert.rejects(fromProfile({ env: isolatedEnv(files.dir), profile: "p" })(), (e) => {
        assert.ok(e instanceof BedrockCredentialsError);
        assert.match(e.message, reason);
        assertNoSecret(e.message + JSON.stringify(e) + String(e), [
          "secret-in-stderr",
          "secret-in-stdout",
          "v2-secret",
        ]);
        return true;
      });
    }
  } finally {
    files.cleanup();
  }
});

Deno.test("profileRegion() reads region from [profile x] and [default] in the config file", async () => {
  const files = setup();
  try {
    const env = isolatedEnv(files.dir);
    assert.equal(await profileRegion({ env }), "eu-central-1");
    assert.equal(await profileRegion({ env, profile: "dev" }), "us-west-2");
    assert.equal(await profileRegion({ env, profile: "base" }), undefined);
  } finally {
    files.cleanup();
  }
});
