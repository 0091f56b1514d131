import assert from "node:assert/strict";
import { defaultCredentialsProvider, fromChain } from "../../src/credentials/chain.ts";
import { defaultCredentialsProvider as staticChain } from "../../src/credentials/server_chain.ts";
import { fromStatic } from "../../src/credentials/env.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret, fakeSts, isolatedEnv, serve, tempFiles } from "./_fakes.ts";

function credsJson(id: string) {
  return JSON.stringify({
    AccessKeyId: id,
    SecretAccessKey: `secret-${id}`,
    Token: `token-${id}`,
    Expiration: new Date(Date.now() + 3600_000).toISOString(),
  });
}

/** Every source configured at once, each returning a distinct key id; tests remove sources. */
async function world(
  fn: (env: Record<string, string>, hits: Record<string, number>) => Promise<void>,
) {
  const files = tempFiles({
    credentials:
      "[default]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n" +
      "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n",
    config: "[default]\nregion = us-east-1\n",
    oidc: "oidc-token-1",
  });
  const hits: Record<string, number> = { container: 0, imds: 0 };
  const container = serve(() => {
    hits.container!++;
    return new Response(credsJson("ASIACONTAINER"));
  });
  const imds = serve((req) => {
    hits.imds!++;
    const path = new URL(req.url).pathname;
    if (path === "/latest/api/token") return new Response("t");
    if (path.endsWith("/security-credentials/")) return new Response("role");
    return new Response(credsJson("ASIAIMDS"));
  });
  const sts = fakeSts({});
  const env = isolatedEnv(files.dir, {
    AWS_ACCESS_KEY_ID: "AKIDENV",
    AWS_SECRET_ACCESS_KEY: "env-secret",
    AWS_WEB_IDENTITY_TOKEN_FILE: files.path("oidc"),
    AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/webid",
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: container.url + "/creds",
    AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
  });
  delete env.AWS_EC2_METADATA_DISABLED;
  try {
    await fn(env, hits);
  } finally {
    await Promise.all([container.close(), imds.close(), sts.close()]);
    files.cleanup();
  }
}

Deno.test("defaultCredentialsProvider() follows env > profile > web identity > container > IMDS", async () => {
  await world(async (env) => {
    const order: string[] = [];
    const drop: Record<string, string[]> = {
      env: ["AWS_ACCESS_KEY_ID"],
      profile: ["AWS_SHARED_CREDENTIALS_FILE"],
      webIdentity: ["AWS_WEB_IDENTITY_TOKEN_FILE"],
      container: ["AWS_CONTAINER_CREDENTIALS_FULL_URI"],
    };
    const current = { ...env };
    for (const [, names] of Object.entries(drop)) {
      order.push((await defaultCredentialsProvider({ env: { ...current } })()).accessKeyId);
      for (const n of names) delete current[n];
    }
    order.push((await defaultCredentialsProvider({ env: current })()).accessKeyId);
    assert.deepEqual(order, ["AKIDENV", "AKIDPROFILE", "ASIAWEBID", "ASIACONTAINER", "ASIAIMDS"]);
  });
});

Deno.test("defaultCredentialsProvider() skips env keys when a profile is selected, never mixing", async () => {
  await world(async (env) => {
    const viaEnv = await defaultCredentialsProvider({
      env: { ...env, AWS_PROFILE: "dev", AWS_SESSION_TOKEN: "env-token" },
    })();
    assert.deepEqual({ ...viaEnv }, { accessKeyId: "AKIDDEV", secretAccessKey: "dev-secret" });
    const viaOption = await defaultCredentialsProvider({ env, profile: "dev" })();
    assert.equal(viaOption.accessKeyId, "AKIDDEV");
  });
});

Deno.test("defaultCredentialsProvider() stops at a selected profile that does not exist", async () => {
  await world(async (env, hits) => {
    await assert.rejects(defaultCredentialsProvider({ env, profile: "typo" })(), (e) => {
      assert.ok(e instanceof BedrockCredentialsError);
      assert.match(e.message, /profile:typo: not found/);
      return true;
    });
    assert.deepEqual(hits, { container: 0, imds: 0 }, "no fall-through to another identity");
  });
});

Deno.test("defaultCredentialsProvider() passes over a default profile that only sets a region", async () => {
  await world(async (env) => {
    const e = { ...env };
    delete e.AWS_ACCESS_KEY_ID;
    delete e.AWS_WEB_IDENTITY_TOKEN_FILE;
    Deno.writeTextFileSync(e.AWS_SHARED_CREDENTIALS_FILE!, "");
    assert.equal((await defaultCredentialsProvider({ env: e })()).accessKeyId, "ASIACONTAINER");
  });
});

Deno.test("defaultCredentialsProvider() makes 1 container request for 20 concurrent callers", async () => {
  await world(async (env, hits) => {
    const e = { ...env };
    for (
      const n of ["AWS_ACCESS_KEY_ID", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE"]
    ) delete e[n];
    const provider = defaultCredentialsProvider({ env: e });
    const all = await Promise.all(Array.from({ length: 20 }, () => provider()));
    await provider();
    assert.ok(all.every((c) => c.accessKeyId === "ASIACONTAINER"));
    assert.equal(hits.container, 1);
    assert.equal(hits.imds, 0);
  });
});

Deno.test("defaultCredentialsProvider() lists every source tried, with no secret", async () => {
  const files = tempFiles({});
  try {
    const env = isolatedEnv(files.dir, {
      AWS_SECRET_ACCESS_KEY: "lonely-secret",
      AWS_SESSION_TOKEN: "lonely-token",
    });
    for (const provider of [defaultCredentialsProvider({ env }), staticChain({ env })]) {
      await assert.rejects(provider(), (e) => {
        assert.ok(e instanceof BedrockCredentialsError);
        assert.deepEqual(e.attempts.map((a) => a.source), [
          "env",
          "profile:default",
          "web-identity",
          "container",
          "imds",
        ]);
        assert.match(
          e.message,
          /^Cannot resolve credentials: no source has any \(tried env: AWS_ACCESS_KEY_ID is not set; profile:default: not found in/,
        );
        assertNoSecret(`${e.message} ${String(e)} ${JSON.stringify(e)} ${Deno.inspect(e)}`, [
          "lonely-secret",
          "lonely-token",
        ]);
        return true;
      });
    }
  } finally {
    files.cleanup();
  }
});

Deno.test("fromChain() reports a foreign provider's error by class name only", async () => {
  const provider = fromChain(
    () => Promise.reject(new TypeError("secret-abc leaked by someone else")),
    fromStatic({ accessKeyId: "AKID", secretAccessKey: "s" }),
  );
  assert.equal((await provider()).accessKeyId, "AKID");
  await assert.rejects(
    fromChain(() => Promise.reject(new TypeError("secret-abc")))(),
    (e) => {
      assert.ok(e instanceof BedrockCredentialsError);
      assert.deepEqual(e.attempts, [{ source: "custom", reason: "the provider threw TypeError" }]);
      assertNoSecret(e.message, ["secret-abc"]);
      return true;
    },
  );
});

Deno.test("defaultCredentialsProvider() treats files as unavailable in Deno without --allow-read", async () => {
  const script = `
    import { defaultCredentialsProvider } from "${
    new URL("../../src/credentials/chain.ts", import.meta.url).href
  }";
    import { resolveRegion } from "${
    new URL("../../src/credentials/region.ts", import.meta.url).href
  }";
    try { await defaultCredentialsProvider({ env: { AWS_EC2_METADATA_DISABLED: "true" } })(); }
    catch (e) { console.log(e.name + " | " + e.message); }
    try { await resolveRegion({ env: {} }); } catch (e) { console.log(e.name + " | " + e.message); }
    try { await defaultCredentialsProvider()(); } catch (e) { console.log(e.name + " | " + e.message); }
  `;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--no-config", "--no-lock", "-"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", AWS_EC2_METADATA_DISABLED: "true" },
  }).spawn();
  const writer = out.stdin.getWriter();
  await writer.write(new TextEncoder().encode(script));
  await writer.close();
  const { code, stdout, stderr } = await out.output();
  const text = new TextDecoder().decode(stdout);
  assert.equal(code, 0, new TextDecoder().decode(stderr));
  const lines = text.trim().split("\n");
  assert.equal(lines.length, 3, text);
  assert.match(
    lines[0]!,
    /^BedrockCredentialsError \| Cannot resolve credentials: no source has any \(tried env: .*; profile: files cannot be read here/,
  );
  assert.match(
    lines[1]!,
    /^BedrockCredentialsError \| Cannot resolve region: pass \{ region \} or set AWS_REGION/,
  );
  assert.match(lines[2]!, /^BedrockCredentialsError \| /);
});

Deno.test("defaultCredentialsProvider() never falls from an unreachable container endpoint to IMDS", async () => {
  await world(async (env, hits) => {
    const e: Record<string, string> = {
      ...env,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://127.0.0.1:9/unreachable",
    };
    for (
      const n of ["AWS_ACCESS_KEY_ID", "AWS_SHARED_CREDENTIALS_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE"]
    ) delete e[n];
    await assert.rejects(defaultCredentialsProvider({ env: e, timeoutMs: 300 })(), /container: /);
    assert.equal(hits.imds, 0, "the host's instance role is not picked up");
  });
});
