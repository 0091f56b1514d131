// SSO (IAM Identity Center) credentials: the token cache `aws sso login` writes, the OIDC refresh
// and the portal's GetRoleCredentials, against fakes on 127.0.0.1 and temp home directories; and
// the same files resolved by @aws-sdk/credential-provider-sso (a differential check).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { fromSSO } from "@aws-sdk/credential-provider-sso";
import { fromSso } from "../../src/credentials/sso.ts";
import { fromProfile } from "../../src/credentials/profile.ts";
import { memoizeCredentials } from "../../src/credentials/memoize.ts";
import { defaultCredentialsProvider as serverChain } from "../../src/credentials/server_chain.ts";
import { BedrockRuntime } from "../../mod.ts";
import { createEmulator } from "../../src/emulator/mod.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret, fakeSts, isolatedEnv, serve, type Served, tempFiles } from "./_fakes.ts";

const ACCESS_TOKEN = "sso-access-token-SECRET";
const REFRESHED = "sso-refreshed-token-SECRET";
const REFRESH_TOKEN = "sso-refresh-token-SECRET";
const CLIENT_SECRET = "sso-client-secret-SECRET";
const SECRETS = [ACCESS_TOKEN, REFRESHED, REFRESH_TOKEN, CLIENT_SECRET, "role-secret-key"];

const CONFIG = `
[profile sess]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev Role
region = us-east-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-west-2
sso_account_id = 444455556666
sso_role_name = ReadOnly

[profile incomplete]
sso_session = corp

[profile conflict]
sso_session = corp
sso_region = us-east-2
sso_account_id = 1
sso_role_name = r

[profile chained]
role_arn = arn:aws:iam::111122223333:role/next
source_profile = sess
`;

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** A cache file as the AWS CLI writes it. */
function token(accessToken: string, expiresInMs: number, refresh = true): string {
  return JSON.stringify({
    startUrl: "https://corp.awsapps.com/start",
    region: "eu-west-1",
    accessToken,
    expiresAt: new Date(Date.now() + expiresInMs).toISOString().replace(/\.\d+Z$/, "Z"),
    ...(refresh && {
      clientId: "client-id",
      clientSecret: CLIENT_SECRET,
      registrationExpiresAt: new Date(Date.now() + 86400_000).toISOString(),
      refreshToken: REFRESH_TOKEN,
    }),
  });
}

/** The fake portal (GetRoleCredentials) and OIDC (CreateToken) on one server. */
function fakeSso(portalStatus = 200): Served {
  return serve((req, body) => {
    const u = new URL(req.url);
    if (u.pathname === "/token") {
      const b = JSON.parse(body);
      if (b.refreshToken !== REFRESH_TOKEN || b.clientSecret !== CLIENT_SECRET) {
        return Response.json({ error: "invalid_grant" }, { status: 400 });
      }
      return Response.json({
        accessToken: REFRESHED,
        expiresIn: 3600,
        refreshToken: REFRESH_TOKEN,
        tokenType: "Bearer",
      });
    }
    if (u.pathname === "/federation/credentials") {
      const bearer = req.headers.get("x-amz-sso_bearer_token");
      if (portalStatus !== 200 || (bearer !== ACCESS_TOKEN && bearer !== REFRESHED)) {
        return Response.json(
          { message: "Session token not found or invalid" },
          { status: portalStatus === 200 ? 401 : portalStatus },
        );
      }
      return Response.json({
        roleCredentials: {
          accessKeyId: `ASIA${u.searchParams.get("account_id")}`,
          secretAccessKey: "role-secret-key",
          sessionToken: `token-for-${u.searchParams.get("role_name")}`,
          expiration: Date.now() + 3600_000,
        },
      });
    }
    return new Response("not found", { status: 404 });
  });
}

function setup(cache: Record<string, string>) {
  const files = tempFiles({ config: CONFIG, credentials: "" });
  Deno.mkdirSync(`${files.dir}/.aws/sso/cache`, { recursive: true });
  for (const [key, text] of Object.entries(cache)) {
    Deno.writeTextFileSync(`${files.dir}/.aws/sso/cache/${sha1(key)}.json`, text);
  }
  return files;
}

/** Runs `body` with these token cache files and a fake SSO portal and OIDC server, then removes both. */
async function withSso(
  cache: Record<string, string>,
  body: (files: ReturnType<typeof setup>, sso: Served) => Promise<void>,
): Promise<void> {
  const files = setup(cache);
  const sso = fakeSso();
  try {
    await body(files, sso);
  } finally {
    await sso.close();
    files.cleanup();
  }
}

function env(dir: string, sso: Served, extra: Record<string, string> = {}) {
  return isolatedEnv(dir, {
    AWS_ENDPOINT_URL_SSO: sso.url,
    AWS_ENDPOINT_URL_SSO_OIDC: sso.url,
    ...extra,
  });
}

async function rejectsWith(p: Promise<unknown>, reason: RegExp): Promise<void> {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof BedrockCredentialsError, String(e));
    assert.match(e.message, reason);
    assertNoSecret(e.message + JSON.stringify(e) + String(e), SECRETS);
    return true;
  });
}

Deno.test("fromSso() resolves an sso_session profile: cache file named by the session's SHA-1, bearer header, account and role", async () => {
  await withSso({ corp: token(ACCESS_TOKEN, 3600_000) }, async (files, sso) => {
    const c = await fromSso({ env: env(files.dir, sso), profile: "sess" })();
    assert.equal(c.accessKeyId, "ASIA111122223333");
    assert.equal(c.secretAccessKey, "role-secret-key");
    assert.equal(c.sessionToken, "token-for-Dev Role");
    assert.ok(c.expiration && c.expiration.getTime() > Date.now() + 3000_000);
    assert.equal(sso.requests.length, 1);
    const r = sso.requests[0]!;
    assert.equal(r.method, "GET");
    assert.equal(r.path, "/federation/credentials?role_name=Dev+Role&account_id=111122223333");
    assert.equal(r.headers.get("x-amz-sso_bearer_token"), ACCESS_TOKEN);
    assertNoSecret(JSON.stringify(c) + String(c), ["role-secret-key"]);
  });
});

Deno.test("fromProfile() and the legacy form (sso_start_url on the profile, cache named by the URL's SHA-1)", async () => {
  await withSso(
    { "https://legacy.awsapps.com/start": token(ACCESS_TOKEN, 3600_000, false) },
    async (files, sso) => {
      const c = await fromProfile({ env: env(files.dir, sso), profile: "legacy" })();
      assert.equal(c.accessKeyId, "ASIA444455556666");
      assert.equal(c.sessionToken, "token-for-ReadOnly");
    },
  );
});

Deno.test("fromSso() refreshes a token that expires within 5 minutes once, rewrites the cache, and uses the new token", async () => {
  await withSso({ corp: token(ACCESS_TOKEN, 60_000) }, async (files, sso) => {
    const c = await fromSso({ env: env(files.dir, sso), profile: "sess" })();
    assert.equal(c.accessKeyId, "ASIA111122223333");
    assert.deepEqual(sso.requests.map((r) => r.path.split("?")[0]), [
      "/token",
      "/federation/credentials",
    ]);
    assert.deepEqual(JSON.parse(sso.requests[0]!.body), {
      clientId: "client-id",
      clientSecret: CLIENT_SECRET,
      grantType: "refresh_token",
      refreshToken: REFRESH_TOKEN,
    });
    assert.equal(sso.requests[1]!.headers.get("x-amz-sso_bearer_token"), REFRESHED);
    const cached = JSON.parse(
      Deno.readTextFileSync(`${files.dir}/.aws/sso/cache/${sha1("corp")}.json`),
    );
    assert.equal(cached.accessToken, REFRESHED);
    assert.ok(Date.parse(cached.expiresAt) > Date.now() + 3000_000);
    assert.equal(cached.clientId, "client-id", "the other members are kept");
  });
});

Deno.test("fromSso() explains expired tokens, missing caches and settings, portal refusals: never a token", async () => {
  const sso = fakeSso();
  const refused = fakeSso(403);
  const cases: [Record<string, string>, string, Served, RegExp][] = [
    [
      { corp: token(ACCESS_TOKEN, -60_000, false) },
      "sess",
      sso,
      /sso:sess: the SSO session has expired; run `aws sso login --sso-session corp`/,
    ],
    [
      { "https://legacy.awsapps.com/start": token(ACCESS_TOKEN, -1, false) },
      "legacy",
      sso,
      /run `aws sso login --profile legacy`/,
    ],
    [{}, "sess", sso, /the SSO token cache .*\.json cannot be read \(ENOENT\); run `aws sso/],
    [{ corp: "{not json" }, "sess", sso, /is not JSON/],
    [{}, "incomplete", sso, /SSO settings missing: sso_account_id, sso_role_name/],
    [{}, "conflict", sso, /sso_region differs from the one of sso-session corp/],
    [
      { corp: token(ACCESS_TOKEN, 3600_000) },
      "sess",
      refused,
      /SSO GetRoleCredentials answered HTTP 403: Session token not found or invalid; run `aws sso login --sso-session corp`/,
    ],
  ];
  try {
    for (const [cache, profile, server, reason] of cases) {
      const files = setup(cache);
      try {
        await rejectsWith(fromSso({ env: env(files.dir, server), profile })(), reason);
      } finally {
        files.cleanup();
      }
    }
  } finally {
    await sso.close();
    await refused.close();
  }
});

Deno.test("fromSso() keeps a still-valid token when the refresh is refused, and fails once it is expired", async () => {
  await withSso({
    corp: JSON.stringify({
      ...JSON.parse(token(ACCESS_TOKEN, 60_000)),
      refreshToken: "revoked",
    }),
  }, async (files, sso) => {
    const c = await fromSso({ env: env(files.dir, sso), profile: "sess" })();
    assert.equal(c.accessKeyId, "ASIA111122223333");
    assert.equal(sso.requests[1]!.headers.get("x-amz-sso_bearer_token"), ACCESS_TOKEN);
    Deno.writeTextFileSync(
      `${files.dir}/.aws/sso/cache/${sha1("corp")}.json`,
      JSON.stringify({ ...JSON.parse(token(ACCESS_TOKEN, -1000)), refreshToken: "revoked" }),
    );
    await rejectsWith(
      fromSso({ env: env(files.dir, sso), profile: "sess" })(),
      /SSO OIDC CreateToken answered HTTP 400 invalid_grant/,
    );
  });
});

Deno.test("role_arn with source_profile = an SSO profile: STS AssumeRole is signed with the SSO credentials", async () => {
  const files = setup({ corp: token(ACCESS_TOKEN, 3600_000) });
  const sso = fakeSso();
  const sts = fakeSts({ ASIA111122223333: "role-secret-key" });
  try {
    const c = await fromProfile({
      env: env(files.dir, sso, { AWS_ENDPOINT_URL_STS: sts.url }),
      profile: "chained",
    })();
    assert.equal(c.accessKeyId, "ASIANEXT");
    assert.equal(sts.calls[0]!.accessKeyId, "ASIA111122223333");
    assert.equal(sts.calls[0]!.signatureValid, true);
  } finally {
    await sts.close();
    await sso.close();
    files.cleanup();
  }
});

Deno.test("memoized SSO credentials: concurrent callers share one portal call", async () => {
  await withSso({ corp: token(ACCESS_TOKEN, 3600_000) }, async (files, sso) => {
    const provider = memoizeCredentials(fromSso({ env: env(files.dir, sso), profile: "sess" }));
    const all = await Promise.all([provider(), provider(), provider()]);
    assert.ok(all.every((c) => c.accessKeyId === "ASIA111122223333"));
    assert.equal(sso.requests.length, 1);
  });
});

Deno.test("AWS_PROFILE = an SSO profile: the default chains and BedrockRuntime (no other code) use it", async () => {
  await withSso({ corp: token(ACCESS_TOKEN, 3600_000) }, async (files, sso) => {
    const e = env(files.dir, sso, { AWS_PROFILE: "sess" });
    assert.equal((await serverChain({ env: e })()).accessKeyId, "ASIA111122223333");
    const emulator = createEmulator({
      keys: [{ accessKeyId: "ASIA111122223333", secretAccessKey: "role-secret-key" }],
    });
    const seen: string[] = [];
    const client = new BedrockRuntime({
      env: e,
      fetch: (input, init) => {
        const req = new Request(input, init);
        seen.push(`${new URL(req.url).host} ${req.headers.get("x-amz-security-token")}`);
        return emulator.fetch(req);
      },
    });
    const out = await client.converse({
      modelId: "anthropic.claude-3-5-haiku-20241022-v1:0",
      messages: [{ role: "user", content: [{ text: "hello" }] }],
    });
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(seen, ["bedrock-runtime.us-east-1.amazonaws.com token-for-Dev Role"]);
  });
});

Deno.test("differential: @aws-sdk/credential-provider-sso resolves the same files to the same credentials", async () => {
  for (
    const [profile, key, ttl] of [["sess", "corp", 60_000], ["legacy", null, 3600_000]] as const
  ) {
    const start = "https://legacy.awsapps.com/start";
    const files = setup({ [key ?? start]: token(ACCESS_TOKEN, ttl, key !== null) });
    const sso = fakeSso();
    const saved = Deno.env.toObject();
    try {
      const e = env(files.dir, sso);
      const ours = await fromSso({ env: e, profile })();
      // The SDK reads the process environment (and os.homedir() follows HOME).
      Deno.writeTextFileSync(
        `${files.dir}/.aws/sso/cache/${sha1(key ?? start)}.json`,
        token(ACCESS_TOKEN, ttl, key !== null),
      );
      for (const [k, v] of Object.entries(e)) Deno.env.set(k, v);
      const sdk = await fromSSO({ profile })();
      assert.equal(ours.accessKeyId, sdk.accessKeyId, profile);
      assert.equal(ours.secretAccessKey, sdk.secretAccessKey, profile);
      assert.equal(ours.sessionToken, sdk.sessionToken, profile);
      assert.equal(
        sso.requests.filter((r) => r.path.startsWith("/token")).length,
        key === null ? 0 : 2,
        `${profile}: both refresh (session form) or neither (legacy)`,
      );
    } finally {
      for (const k of Object.keys(Deno.env.toObject())) if (!(k in saved)) Deno.env.delete(k);
      for (const [k, v] of Object.entries(saved)) Deno.env.set(k, v);
      await sso.close();
      files.cleanup();
    }
  }
});
