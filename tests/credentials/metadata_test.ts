import assert from "node:assert/strict";
import { fromContainer } from "../../src/credentials/container.ts";
import { fromImds } from "../../src/credentials/imds.ts";
import { BedrockCredentialsError } from "../../src/errors.ts";
import { assertNoSecret, serve, tempFiles } from "./_fakes.ts";

const EXPIRATION = "2031-05-06T07:08:09Z";
const CREDS_JSON = JSON.stringify({
  Code: "Success",
  Type: "AWS-HMAC",
  AccessKeyId: "ASIAMETADATA",
  SecretAccessKey: "metadata-secret",
  Token: "metadata-token",
  Expiration: EXPIRATION,
});

Deno.test("fromContainer() reads AWS_CONTAINER_CREDENTIALS_FULL_URI with the authorization token", async () => {
  const s = serve(() => new Response(CREDS_JSON));
  try {
    const c = await fromContainer({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/v2/credentials/abc`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN: "Basic container-auth",
      },
    })();
    assert.deepEqual({ ...c }, {
      accessKeyId: "ASIAMETADATA",
      secretAccessKey: "metadata-secret",
      sessionToken: "metadata-token",
      expiration: new Date(EXPIRATION),
    });
    assert.equal(s.requests[0]!.path, "/v2/credentials/abc");
    assert.equal(s.requests[0]!.headers.get("authorization"), "Basic container-auth");
  } finally {
    await s.close();
  }
});

Deno.test("fromContainer() re-reads AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE on every call", async () => {
  const files = tempFiles({ token: "eks-token-1\n" });
  const s = serve(() => new Response(CREDS_JSON));
  try {
    const provider = fromContainer({
      env: {
        AWS_CONTAINER_CREDENTIALS_FULL_URI: `${s.url}/creds`,
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: files.path("token"),
        AWS_CONTAINER_AUTHORIZATION_TOKEN: "ignored-when-a-file-is-set",
      },
    });
    await provider();
    Deno.writeTextFileSync(files.path("token"), "eks-token-2");
    await provider();
    assert.deepEqual(s.requests.map((r) => r.headers.get("authorization")), [
      "eks-token-1",
      "eks-token-2",
    ]);
  } finally {
    await s.close();
    files.cleanup();
  }
});

Deno.test("fromContainer() sends AWS_CONTAINER_CREDENTIALS_RELATIVE_URI to 169.254.170.2", async () => {
  const urls: string[] = [];
  const c = await fromContainer({
    env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: "/v2/credentials/task-id" },
    fetch: (input) => {
      urls.push(String(input));
      return Promise.resolve(new Response(CREDS_JSON));
    },
  })();
  assert.deepEqual(urls, ["http://169.254.170.2/v2/credentials/task-id"]);
  assert.equal(c.accessKeyId, "ASIAMETADATA");
});

Deno.test("fromContainer() refuses plain http to a host that is not loopback or ECS/EKS", async () => {
  let called = false;
  const provider = fromContainer({
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://attacker.example/creds" },
    fetch: () => {
      called = true;
      return Promise.resolve(new Response(CREDS_JSON));
    },
  });
  await assert.rejects(
    provider(),
    /must be https or a loopback\/ECS\/EKS host, current host is attacker\.example/,
  );
  assert.equal(called, false);
});

Deno.test("fromContainer() reports HTTP errors and bad JSON without echoing the body", async () => {
  const s = serve((req) =>
    new URL(req.url).pathname === "/500"
      ? new Response("oops metadata-secret", { status: 500 })
      : new Response('{"AccessKeyId":"ASIA","SecretAccessKey":"metadata-secret",')
  );
  try {
    for (const [path, reason] of [["/500", /HTTP 500/], ["/bad", /not a JSON object/]] as const) {
      await assert.rejects(
        fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: s.url + path } })(),
        (e) => {
          assert.ok(e instanceof BedrockCredentialsError);
          assert.match(e.message, reason);
          assertNoSecret(e.message + JSON.stringify(e) + String(e.cause ?? ""), [
            "metadata-secret",
          ]);
          return true;
        },
      );
    }
  } finally {
    await s.close();
  }
});

function fakeImds(options: { v1Only?: boolean; role?: string } = {}) {
  return serve((req) => {
    const path = new URL(req.url).pathname;
    if (path === "/latest/api/token") {
      if (req.method !== "PUT") return new Response("", { status: 405 });
      if (options.v1Only) return new Response("", { status: 403 });
      if (req.headers.get("x-aws-ec2-metadata-token-ttl-seconds") !== "21600") {
        return new Response("", { status: 400 });
      }
      return new Response("imds-session-token");
    }
    if (!options.v1Only && req.headers.get("x-aws-ec2-metadata-token") !== "imds-session-token") {
      return new Response("", { status: 401 });
    }
    const role = options.role ?? "my-instance-role";
    if (path === "/latest/meta-data/iam/security-credentials/") return new Response(role);
    if (path === `/latest/meta-data/iam/security-credentials/${role}`) {
      return new Response(CREDS_JSON);
    }
    return new Response("", { status: 404 });
  });
}

Deno.test("fromImds() does the IMDSv2 token, role and credentials calls", async () => {
  const s = fakeImds();
  try {
    const c = await fromImds({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url + "/" } })();
    assert.equal(c.accessKeyId, "ASIAMETADATA");
    assert.equal(c.sessionToken, "metadata-token");
    assert.deepEqual(c.expiration, new Date(EXPIRATION));
    assert.deepEqual(s.requests.map((r) => `${r.method} ${r.path}`), [
      "PUT /latest/api/token",
      "GET /latest/meta-data/iam/security-credentials/",
      "GET /latest/meta-data/iam/security-credentials/my-instance-role",
    ]);
  } finally {
    await s.close();
  }
});

Deno.test("fromImds() falls back to IMDSv1 on a refused token unless AWS_EC2_METADATA_V1_DISABLED", async () => {
  const s = fakeImds({ v1Only: true });
  try {
    const env = { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url };
    assert.equal((await fromImds({ env })()).accessKeyId, "ASIAMETADATA");
    await assert.rejects(
      fromImds({ env: { ...env, AWS_EC2_METADATA_V1_DISABLED: "true" } })(),
      /token request answered HTTP 403/,
    );
  } finally {
    await s.close();
  }
});

Deno.test("fromImds() is disabled by AWS_EC2_METADATA_DISABLED without any request", async () => {
  let called = false;
  await assert.rejects(
    fromImds({
      env: { AWS_EC2_METADATA_DISABLED: "TRUE" },
      fetch: () => {
        called = true;
        return Promise.reject(new Error("no"));
      },
    })(),
    /AWS_EC2_METADATA_DISABLED is true/,
  );
  assert.equal(called, false);
});

Deno.test("fromImds() fails within its timeout when the endpoint never answers", async () => {
  const never = serve(() => new Promise<Response>(() => {}));
  const started = performance.now();
  try {
    await assert.rejects(
      fromImds({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: never.url }, timeoutMs: 150 })(),
      /no answer within 150 ms/,
    );
    assert.ok(performance.now() - started < 1000);
  } finally {
    await never.close().catch(() => {});
  }
});

Deno.test("fromImds() uses a 1 s default timeout and the IPv4 endpoint", async () => {
  const seen: { url: string; hasSignal: boolean }[] = [];
  await assert.rejects(
    fromImds({
      env: {},
      fetch: (input, init) => {
        seen.push({ url: String(input), hasSignal: init?.signal instanceof AbortSignal });
        return Promise.reject(new TypeError("connection refused"));
      },
    })(),
    /the request failed \(PUT http:\/\/169\.254\.169\.254\)/,
  );
  assert.deepEqual(seen, [{ url: "http://169.254.169.254/latest/api/token", hasSignal: true }]);
});
