import assert from "node:assert/strict";
import { fromProfile } from "../../src/credentials/profile.ts";
import { fromWebIdentity } from "../../src/credentials/web_identity.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret, fakeSts, isolatedEnv } from "./_fakes.ts";
import { setup } from "./_profiles.ts";

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
      ["sso", /profile:sso: sso_session corp has no \[sso-session\] section/],
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
