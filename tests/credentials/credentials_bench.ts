// deno bench -A tests/credentials/credentials_bench.ts
// Hot path: what every request pays for cached credentials. Cold path: resolving a profile from
// the shared files. Baselines: the AWS SDK for JavaScript v3 providers (declared second, so the
// SDK's garbage is not collected inside our timings).
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { fromIni } from "@aws-sdk/credential-provider-ini";
import { defaultCredentialsProvider } from "../../src/credentials/chain.ts";
import { fromProfile } from "../../src/credentials/profile.ts";

const dir = Deno.makeTempDirSync({ prefix: "bedrock-fetch-creds-bench-" });
Deno.writeTextFileSync(
  `${dir}/config`,
  "[default]\nregion = us-east-1\n[profile other]\nregion = eu-west-1\n",
);
Deno.writeTextFileSync(
  `${dir}/credentials`,
  "[default]\naws_access_key_id = AKIDBENCH\naws_secret_access_key = bench-secret\n" +
    "[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = st\naws_session_token = tok\n",
);
const ENV = {
  AWS_ACCESS_KEY_ID: "AKIDENVBENCH",
  AWS_SECRET_ACCESS_KEY: "env-secret",
  AWS_SESSION_TOKEN: "env-token",
  AWS_CONFIG_FILE: `${dir}/config`,
  AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
  AWS_EC2_METADATA_DISABLED: "true",
};
for (const [k, v] of Object.entries(ENV)) Deno.env.set(k, v);

const BATCH = 1000; // calls per iteration, so that one GC pause does not decide the average
const ours = defaultCredentialsProvider({ env: ENV });
const sdk = defaultProvider();
if ((await ours()).accessKeyId !== (await sdk()).accessKeyId) throw new Error("providers disagree");

Deno.bench({
  name: "bedrock-fetch defaultCredentialsProvider (cached) x1000",
  group: "cached",
  async fn() {
    for (let i = 0; i < BATCH; i++) {
      if ((await ours()).accessKeyId !== "AKIDENVBENCH") throw new Error();
    }
  },
});
Deno.bench({
  name: "@aws-sdk/credential-provider-node defaultProvider (cached) x1000",
  group: "cached",
  baseline: true,
  async fn() {
    for (let i = 0; i < BATCH; i++) {
      if ((await sdk()).accessKeyId !== "AKIDENVBENCH") throw new Error();
    }
  },
});

const profileEnv = {
  AWS_CONFIG_FILE: ENV.AWS_CONFIG_FILE,
  AWS_SHARED_CREDENTIALS_FILE: ENV.AWS_SHARED_CREDENTIALS_FILE,
};
Deno.bench({
  name: "bedrock-fetch fromProfile (read + parse + resolve)",
  group: "profile",
  async fn() {
    const c = await fromProfile({ env: profileEnv, profile: "static" })();
    if (c.accessKeyId !== "AKIDSTATIC") throw new Error();
  },
});
Deno.bench({
  name: "@aws-sdk/credential-provider-ini fromIni (read + parse + resolve)",
  group: "profile",
  baseline: true,
  async fn() {
    const c = await fromIni({ profile: "static", ignoreCache: true })();
    if (c.accessKeyId !== "AKIDSTATIC") throw new Error();
  },
});
