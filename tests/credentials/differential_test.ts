// Differential tests: the same shared files read by the AWS SDK for JavaScript v3
// (@smithy/shared-ini-file-loader, @aws-sdk/credential-provider-ini) and by bedrock-fetch.
import assert from "node:assert/strict";
import { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { loadSharedProfiles } from "../../src/credentials/shared_files.ts";
import { fromProfile } from "../../src/credentials/profile.ts";
import { fakeSts, tempFiles } from "./_fakes.ts";

const CONFIG_CASES: { name: string; config: string; credentials: string }[] = [
  {
    name: "comments, spacing and values with = and #",
    config: "# full line\n; full line too\n[default]\nregion=us-east-1\noutput = json # inline\n" +
      "[profile a]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = b ; why\n" +
      "credential_process = tool --opt=a=b --hash#notcomment\n",
    credentials: "[b]\naws_access_key_id = AKIDB\naws_secret_access_key = sec/ret+=\n",
  },
  {
    name: "CRLF, duplicate sections and keys, tabs",
    config:
      "[profile x]\r\nregion = eu-west-1\r\n[profile x]\r\nregion = eu-west-2\r\noutput\t=\ttext\r\n",
    credentials:
      "[x]\r\naws_access_key_id = AKIDX\r\n[x]\r\naws_secret_access_key = s1\r\naws_secret_access_key = s2\r\n",
  },
  {
    name: "nested sub-sections",
    config:
      "[default]\ns3 =\n  max_concurrent_requests = 20\n  addressing_style = path\nregion = us-west-1\n" +
      "[profile y]\napi_versions =\n    ec2 = 2015-03-01\n",
    credentials: "",
  },
  {
    name: "[profile default] replaces [default]; non-profile sections ignored in config",
    config:
      "[default]\nregion = us-east-1\noutput = json\n[profile default]\nregion = us-east-2\n" +
      "[sso-session corp]\nsso_region = us-east-1\n[services dev]\ns3 =\n  endpoint_url = http://x\n" +
      "[plain]\nregion = ignored\n",
    credentials: "[default]\naws_access_key_id = AKIDD\naws_secret_access_key = d\n",
  },
  {
    name: "credentials file wins over config on the same key",
    config: "[profile k]\naws_access_key_id = FROMCONFIG\nregion = us-east-1\n",
    credentials: "[k]\naws_access_key_id = FROMCREDS\naws_secret_access_key = s\n",
  },
  {
    name: "missing files",
    config: "",
    credentials: "",
  },
];

Deno.test("loadSharedProfiles() matches @smithy/shared-ini-file-loader on 6 file pairs", async () => {
  for (const c of CONFIG_CASES) {
    const files = tempFiles(
      c.name === "missing files" ? {} : { config: c.config, credentials: c.credentials },
    );
    try {
      const smithy = await loadSharedConfigFiles({
        configFilepath: files.path("config"),
        filepath: files.path("credentials"),
        ignoreCache: true,
      });
      const expected: Record<string, Record<string, string | undefined>> = {};
      for (
        const name of new Set([
          ...Object.keys(smithy.configFile),
          ...Object.keys(smithy.credentialsFile),
        ])
      ) {
        if (name.includes(".")) continue; // sso-session.x / services.x: not profiles
        expected[name] = { ...smithy.configFile[name], ...smithy.credentialsFile[name] };
      }
      const ours = await loadSharedProfiles({
        AWS_CONFIG_FILE: files.path("config"),
        AWS_SHARED_CREDENTIALS_FILE: files.path("credentials"),
      });
      const actual = Object.fromEntries([...ours.profiles].map(([k, v]) => [k, { ...v }]));
      assert.deepEqual(actual, expected, c.name);
    } finally {
      files.cleanup();
    }
  }
});

function withProcessEnv(vars: Record<string, string>): () => void {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
  return () => {
    for (const [k, v] of Object.entries(old)) {
      v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    }
  };
}

Deno.test("fromProfile() resolves the same keys as @aws-sdk/credential-provider-ini fromIni", async () => {
  const files = tempFiles({
    "proc.sh":
      `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIDPROC","SecretAccessKey":"p","SessionToken":"pt","Expiration":"2044-01-01T00:00:00Z"}'\n`,
  });
  Deno.writeTextFileSync(
    files.path("config"),
    `[profile static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = st\n` +
      `[profile session]\naws_access_key_id = AKIDSESSION\naws_secret_access_key = ss\naws_session_token = tok\n` +
      `[profile proc]\ncredential_process = ${files.path("proc.sh")}\n` +
      `[profile role]\nrole_arn = arn:aws:iam::123456789012:role/diff\nsource_profile = static\nrole_session_name = same\nregion = us-east-1\n` +
      `[profile role2]\nrole_arn = arn:aws:iam::123456789012:role/diff2\nsource_profile = role\nrole_session_name = same\nregion = us-east-1\n`,
  );
  Deno.writeTextFileSync(files.path("credentials"), "");
  const sts = fakeSts({ AKIDSTATIC: "st" });
  const env = {
    AWS_CONFIG_FILE: files.path("config"),
    AWS_SHARED_CREDENTIALS_FILE: files.path("credentials"),
    AWS_ENDPOINT_URL_STS: sts.url,
  };
  const restore = withProcessEnv(env);
  try {
    const key = (c: (typeof sts.calls)[number]) =>
      [
        c.action,
        c.params.get("RoleArn"),
        c.params.get("RoleSessionName"),
        c.accessKeyId,
        c.signatureValid,
      ].join(" ");
    for (const profile of ["static", "session", "proc", "role", "role2"]) {
      const before = sts.calls.length;
      const sdk = await fromIni({ profile, ignoreCache: true })();
      const middle = sts.calls.length;
      const ours = await fromProfile({ env, profile })();
      // Both sides called STS the same way: same actions, roles, session names, signing keys.
      assert.deepEqual(
        sts.calls.slice(middle).map(key),
        sts.calls.slice(before, middle).map(key),
        profile,
      );
      const pick = (
        c: {
          accessKeyId: string;
          secretAccessKey: string;
          sessionToken?: string | undefined;
          expiration?: Date | undefined;
        },
      ) => ({
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration && profile.startsWith("role")
          ? "set"
          : c.expiration?.toISOString(),
      });
      assert.deepEqual(pick(ours), pick(sdk), profile);
    }
    assert.equal(sts.calls.length, 6); // role: 1 + 1, role2: 2 + 2
    assert.ok(sts.calls.every((c) => c.signatureValid));
  } finally {
    restore();
    await sts.close();
    files.cleanup();
  }
});
