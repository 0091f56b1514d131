import assert from "node:assert/strict";
import { fromProfile, profileRegion } from "../../src/credentials/profile.ts";
import { fromWebIdentity } from "../../src/credentials/web_identity.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret, fakeSts, isolatedEnv, tempFiles } from "./_fakes.ts";

const CREDENTIALS = `
# comment
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default/secret+key

[dev]
aws_access_key_id=AKIDDEV ; trailing comment
aws_secret_access_key=dev-secret
aws_session_token = dev-token

[base]
aws_access_key_id = AKIDBASE
aws_secret_access_key = base-secret
`;

const CONFIG = `
[default]
region = eu-central-1

[profile dev]
region = us-west-2
aws_access_key_id = AKIDFROMCONFIG
s3 =
  max_concurrent_requests = 20
output = json

[profile cfgonly]
aws_access_key_id = AKIDCFG
aws_secret_access_key = cfg-secret

[cfgonly-without-prefix]
aws_access_key_id = AKIDIGNORED
aws_secret_access_key = ignored

[profile proc]
credential_process = {PROC} arg1

[profile role]
role_arn = arn:aws:iam::123456789012:role/first
source_profile = base
role_session_name = s1
external_id = ext-1
region = ap-southeast-2

[profile role2]
role_arn = arn:aws:iam::123456789012:role/second
source_profile = role

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a

[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKIDSELF
aws_secret_access_key = self-secret

[profile envsource]
role_arn = arn:aws:iam::123456789012:role/fromenv
credential_source = Environment

[profile webid]
role_arn = arn:aws:iam::123456789012:role/webrole
web_identity_token_file = {DIR}/oidc

[profile sso]
sso_session = corp
sso_account_id = 123456789012

[profile onlyregion]
region = sa-east-1

[profile halfkeys]
aws_access_key_id = AKIDHALF
`;

const PROCESS_SCRIPT = `#!/bin/sh
[ "$1" = arg1 ] || exit 3
echo '{"Version": 1, "AccessKeyId": "AKIDPROC", "SecretAccessKey": "proc-secret", "SessionToken": "proc-token", "Expiration": "2040-01-01T00:00:00Z"}'
`;

function setup() {
  const files = tempFiles({
    credentials: CREDENTIALS,
    "proc.sh": PROCESS_SCRIPT,
    "fail.sh": "#!/bin/sh\necho 'secret-in-stderr' >&2\necho 'partial secret-in-stdout'\nexit 7\n",
    "v2.sh":
      `#!/bin/sh\necho '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "v2-secret"}'\n`,
    oidc: "oidc-token-1\n",
  });
  Deno.writeTextFileSync(
    files.path("config"),
    CONFIG.replace("{PROC}", files.path("proc.sh")).replace("{DIR}", files.dir),
  );
  return files;
}

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

Deno.test("fromProfile() assumes role_arn with source_profile via a signed STS AssumeRole", async () => {
  const files = setup();
  const sts = fakeSts({ AKIDBASE: "base-secret" });
  try {
    const env = isolatedEnv(files.dir, { AWS_ENDPOINT_URL_STS: sts.url });
    const c = await fromProfile({ env, profile: "role" })();
    assert.equal(c.accessKeyId, "ASIAFIRST");
    assert.equal(c.secretAccessKey, "secret-of-first");
    assert.equal(c.sessionToken, "token-of-first&more"); // XML entities decoded
    assert.ok(c.expiration && c.expiration.getTime() > Date.now());
    const call = sts.calls[0]!;
    assert.equal(call.action, "AssumeRole");
    assert.equal(call.accessKeyId, "AKIDBASE");
    assert.equal(call.signatureValid, true, "smithy's SignatureV4 computes the same signature");
    assert.equal(call.params.get("RoleArn"), "arn:aws:iam::123456789012:role/first");
    assert.equal(call.params.get("RoleSessionName"), "s1");
    assert.equal(call.params.get("ExternalId"), "ext-1");
    assert.equal(call.params.get("Version"), "2011-06-15");
    // the profile's region signs the call
    assert.match(
      sts.requests[0]!.headers.get("authorization")!,
      /\/ap-southeast-2\/sts\/aws4_request/,
    );
  } finally {
    await sts.close();
    files.cleanup();
  }
});

Deno.test("fromProfile() chains roles (role2 -> role -> base) with session tokens signed", async () => {
  const files = setup();
  const sts = fakeSts({ AKIDBASE: "base-secret" });
  try {
    const env = isolatedEnv(files.dir, { AWS_ENDPOINT_URL_STS: sts.url });
    const c = await fromProfile({ env, profile: "role2" })();
    assert.equal(c.accessKeyId, "ASIASECOND");
    assert.deepEqual(
      sts.calls.map((x) => [x.params.get("RoleArn")?.split("/")[1], x.accessKeyId]),
      [
        ["first", "AKIDBASE"],
        ["second", "ASIAFIRST"],
      ],
    );
    assert.ok(sts.calls.every((x) => x.signatureValid));
    assert.equal(sts.requests[1]!.headers.get("x-amz-security-token"), "token-of-first&more");
  } finally {
    await sts.close();
    files.cleanup();
  }
});

Deno.test("fromProfile() refuses a source_profile loop but lets a profile source its own keys", async () => {
  const files = setup();
  const sts = fakeSts({ AKIDSELF: "self-secret" });
  try {
    const env = isolatedEnv(files.dir, { AWS_ENDPOINT_URL_STS: sts.url });
    await assert.rejects(
      fromProfile({ env, profile: "loop-a" })(),
      /source_profile loop: loop-a -> loop-b -> loop-a/,
    );
    assert.equal((await fromProfile({ env, profile: "self" })()).accessKeyId, "ASIASELF");
    assert.equal(sts.calls.at(-1)!.accessKeyId, "AKIDSELF");
  } finally {
    await sts.close();
    files.cleanup();
  }
});

Deno.test("fromProfile() credential_source = Environment signs AssumeRole with env keys", async () => {
  const files = setup();
  const sts = fakeSts({ AKIDENVSRC: "env-src-secret" });
  try {
    const env = isolatedEnv(files.dir, {
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ACCESS_KEY_ID: "AKIDENVSRC",
      AWS_SECRET_ACCESS_KEY: "env-src-secret",
    });
    assert.equal((await fromProfile({ env, profile: "envsource" })()).accessKeyId, "ASIAFROMENV");
  } finally {
    await sts.close();
    files.cleanup();
  }
});

Deno.test("fromProfile() web_identity_token_file exchanges the token unsigned", async () => {
  const files = setup();
  const sts = fakeSts({});
  try {
    const env = isolatedEnv(files.dir, { AWS_ENDPOINT_URL_STS: sts.url });
    assert.equal((await fromProfile({ env, profile: "webid" })()).accessKeyId, "ASIAWEBROLE");
    assert.equal(sts.calls[0]!.action, "AssumeRoleWithWebIdentity");
  } finally {
    await sts.close();
    files.cleanup();
  }
});

Deno.test("fromProfile() explains STS refusals, SSO profiles, half keys and missing profiles", async () => {
  const files = setup();
  const sts = fakeSts({}); // knows no key: AssumeRole is refused
  try {
    const env = isolatedEnv(files.dir, { AWS_ENDPOINT_URL_STS: sts.url });
    const cases: [string, RegExp][] = [
      ["role", /STS AssumeRole answered HTTP 403 InvalidClientTokenId: The security token/],
      [
        "sso",
        /SSO profiles are not supported; add credential_process = aws configure export-credentials --profile sso/,
      ],
      ["halfkeys", /aws_secret_access_key is missing/],
      ["nope", /profile:nope: not found in .*config or .*credentials/],
      ["onlyregion", /profile:onlyregion: has no credentials/],
    ];
    for (const [profile, reason] of cases) {
      await assert.rejects(fromProfile({ env, profile })(), (e) => {
        assert.ok(e instanceof BedrockCredentialsError, profile);
        assert.match(e.message, reason);
        assertNoSecret(e.message + JSON.stringify(e), ["base-secret"]);
        return true;
      });
    }
  } finally {
    await sts.close();
    files.cleanup();
  }
});

Deno.test("fromWebIdentity() uses AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN and AWS_ROLE_SESSION_NAME", async () => {
  const files = setup();
  const sts = fakeSts({});
  try {
    const c = await fromWebIdentity({
      env: {
        AWS_WEB_IDENTITY_TOKEN_FILE: files.path("oidc"),
        AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/ci",
        AWS_ROLE_SESSION_NAME: "gh-run-1",
        AWS_ENDPOINT_URL_STS: sts.url,
      },
    })();
    assert.equal(c.accessKeyId, "ASIACI");
    const p = sts.calls[0]!.params;
    assert.deepEqual(
      [p.get("Action"), p.get("RoleArn"), p.get("RoleSessionName"), p.get("WebIdentityToken")],
      [
        "AssumeRoleWithWebIdentity",
        "arn:aws:iam::123456789012:role/ci",
        "gh-run-1",
        "oidc-token-1",
      ],
    );
    Deno.writeTextFileSync(files.path("oidc"), "expired-token");
    await assert.rejects(
      fromWebIdentity({
        env: {
          AWS_WEB_IDENTITY_TOKEN_FILE: files.path("oidc"),
          AWS_ROLE_ARN: "arn:aws:iam::123456789012:role/ci",
          AWS_ENDPOINT_URL_STS: sts.url,
        },
      })(),
      (e) => {
        assert.match(String(e), /InvalidIdentityToken/);
        assertNoSecret(String(e) + JSON.stringify(e), ["expired-token"]);
        return true;
      },
    );
  } finally {
    await sts.close();
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
