import assert from "node:assert/strict";
import { resolveRegion } from "../../src/credentials/region.ts";
import { resolveRegion as resolveRegionStatic } from "../../src/credentials/server_chain.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { isolatedEnv, tempFiles } from "./_fakes.ts";

const CONFIG =
  "[default]\nregion = eu-central-1\n[profile dev]\nregion = us-west-2\n[profile none]\noutput = json\n";

Deno.test("resolveRegion() follows option > AWS_REGION > AWS_DEFAULT_REGION > profile", async () => {
  const files = tempFiles({ config: CONFIG });
  try {
    const env = isolatedEnv(files.dir, {
      AWS_REGION: "ap-south-1",
      AWS_DEFAULT_REGION: "ca-central-1",
    });
    for (const resolve of [resolveRegion, resolveRegionStatic]) {
      assert.equal(await resolve({ region: "us-east-2", env }), "us-east-2");
      assert.equal(await resolve({ env }), "ap-south-1");
      const e2 = { ...env };
      delete e2.AWS_REGION;
      assert.equal(await resolve({ env: e2 }), "ca-central-1");
      delete e2.AWS_DEFAULT_REGION;
      assert.equal(await resolve({ env: e2 }), "eu-central-1");
      assert.equal(await resolve({ env: e2, profile: "dev" }), "us-west-2");
      assert.equal(await resolve({ env: { ...e2, AWS_PROFILE: "dev" } }), "us-west-2");
    }
  } finally {
    files.cleanup();
  }
});

Deno.test("resolveRegion() fails clearly instead of defaulting, listing each source", async () => {
  const files = tempFiles({ config: CONFIG });
  try {
    await assert.rejects(resolveRegion({ env: isolatedEnv(files.dir), profile: "none" }), (e) => {
      assert.ok(e instanceof BedrockCredentialsError);
      assert.equal(
        e.message,
        "Cannot resolve region: pass { region } or set AWS_REGION (tried option: region is not set; env: AWS_REGION is not set; env: AWS_DEFAULT_REGION is not set; profile:none: has no region)",
      );
      return true;
    });
  } finally {
    files.cleanup();
  }
});

Deno.test("resolveRegion() rejects a malformed region naming its source", async () => {
  await assert.rejects(
    resolveRegion({ env: { AWS_REGION: "us east 1" } }),
    /Cannot resolve region: AWS_REGION must be a host label like "us-east-1", current value is "us east 1"/,
  );
});
