import assert from "node:assert/strict";
import { toCredentialsProvider } from "../../src/credentials/chain.ts";
import { fromEnv, fromStatic, resolveBearerToken } from "../../src/credentials/env.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret } from "./_fakes.ts";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN==";

function withProcessEnv(
  vars: Record<string, string>,
  fn: () => Promise<void>,
): () => Promise<void> {
  return async () => {
    const old = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
    for (const [k, v] of Object.entries(vars)) Deno.env.set(k, v);
    try {
      await fn();
    } finally {
      for (const [k, v] of Object.entries(old)) {
        v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
      }
    }
  };
}

Deno.test("fromEnv() reads keys, session token and expiration from an env record", async () => {
  const c = await fromEnv({
    env: {
      AWS_ACCESS_KEY_ID: "AKIDENV",
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
      AWS_CREDENTIAL_EXPIRATION: "2030-01-02T03:04:05Z",
    },
  })();
  assert.deepEqual({ ...c }, {
    accessKeyId: "AKIDENV",
    secretAccessKey: SECRET,
    sessionToken: TOKEN,
    expiration: new Date("2030-01-02T03:04:05Z"),
  });
});

Deno.test("fromEnv() names the missing variable and is not fooled by empty values", async () => {
  await assert.rejects(
    fromEnv({ env: { AWS_ACCESS_KEY_ID: "AKID", AWS_SECRET_ACCESS_KEY: "" } })(),
    (e) => {
      assert.ok(e instanceof BedrockCredentialsError);
      assert.deepEqual(e.attempts, [{ source: "env", reason: "AWS_SECRET_ACCESS_KEY is not set" }]);
      return true;
    },
  );
});

Deno.test(
  "fromEnv() reads the process environment when no record is given",
  withProcessEnv({ AWS_ACCESS_KEY_ID: "AKIDPROC", AWS_SECRET_ACCESS_KEY: SECRET }, async () => {
    assert.equal((await fromEnv()()).accessKeyId, "AKIDPROC");
  }),
);

Deno.test(
  "toCredentialsProvider() never adds the environment's AWS_SESSION_TOKEN to explicit keys",
  withProcessEnv(
    { AWS_ACCESS_KEY_ID: "AKIDPROC", AWS_SECRET_ACCESS_KEY: "envsecret", AWS_SESSION_TOKEN: TOKEN },
    async () => {
      const c = await toCredentialsProvider({
        accessKeyId: "AKIDEXPLICIT",
        secretAccessKey: SECRET,
      })();
      assert.equal(c.accessKeyId, "AKIDEXPLICIT");
      assert.equal(c.secretAccessKey, SECRET);
      assert.equal(c.sessionToken, undefined);
      assert.equal("sessionToken" in c, false);
    },
  ),
);

Deno.test("toCredentialsProvider() caches a provider function", async () => {
  let calls = 0;
  const p = toCredentialsProvider(() => {
    calls++;
    return Promise.resolve({ accessKeyId: "AKID", secretAccessKey: SECRET });
  });
  await Promise.all([p(), p(), p()]);
  await p();
  assert.equal(calls, 1);
});

Deno.test("fromStatic() rejects a missing access key id naming the field", () => {
  assert.throws(
    () => fromStatic({ accessKeyId: "", secretAccessKey: SECRET }),
    /Cannot use credentials: accessKeyId must be a non-empty string/,
  );
});

Deno.test("resolveBearerToken() prefers the option, then AWS_BEARER_TOKEN_BEDROCK", () => {
  assert.equal(
    resolveBearerToken({ token: "opt", env: { AWS_BEARER_TOKEN_BEDROCK: "env" } }),
    "opt",
  );
  assert.equal(resolveBearerToken({ env: { AWS_BEARER_TOKEN_BEDROCK: "env" } }), "env");
  assert.equal(resolveBearerToken({ env: { AWS_BEARER_TOKEN_BEDROCK: "" } }), undefined);
  assert.equal(resolveBearerToken({ env: {} }), undefined);
});

Deno.test("credentials objects redact secrets in JSON.stringify, String() and inspect", async () => {
  const c = await fromEnv({
    env: {
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE1234",
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_SESSION_TOKEN: TOKEN,
    },
  })();
  const shown = [
    JSON.stringify(c),
    JSON.stringify({ nested: { c } }),
    String(c),
    `${c}`,
    Deno.inspect(c),
    Deno.inspect({ c }, { depth: 5 }),
  ];
  for (const text of shown) {
    assertNoSecret(text, [SECRET, TOKEN, "AKIDEXAMPLE1234"]);
    assert.match(text, /1234/); // the last 4 characters of the key id stay, as the AWS CLI shows
  }
  assert.equal(Object.isFrozen(c), true);
  // Spreading (e.g. to hand them to another SDK) still copies the real values.
  assert.equal({ ...c }.secretAccessKey, SECRET);
  assert.deepEqual(Object.keys(c), ["accessKeyId", "secretAccessKey", "sessionToken"]);
});
