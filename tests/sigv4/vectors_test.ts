// The published SigV4 suites, stage by stage: aws-c-auth v4 (header and query signing), the classic
// AWS suite (botocore's copy) and the derived Bedrock examples.
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SPEC_DIR } from "../_spec.ts";
import { EMPTY_SHA256, SigV4Signer } from "../../src/sigv4/mod.ts";
import { sha256Hex } from "../../src/sigv4/_sha256.ts";
import { hostOf, parseRequest, readText } from "./_request_txt.ts";

const C_AUTH = join(SPEC_DIR, "sigv4", "aws-signing-test-suite", "v4");
const CLASSIC = join(SPEC_DIR, "sigv4", "aws-sig-v4-test-suite");

interface Context {
  credentials: { access_key_id: string; secret_access_key: string; token?: string };
  region: string;
  service: string;
  timestamp: string;
  expiration_in_seconds: number;
  normalize: boolean;
  sign_body: boolean;
  omit_session_token?: boolean;
}

const cAuthCases = readdirSync(C_AUTH).sort();

Deno.test("the aws-c-auth v4 suite has its 38 cases", () => {
  assert.equal(cAuthCases.length, 38);
});

for (const name of cAuthCases) {
  const dir = join(C_AUTH, name);
  const ctx = JSON.parse(readText(join(dir, "context.json"))) as Context;
  const req = parseRequest(readText(join(dir, "request.txt")));
  const url = `https://${hostOf(req)}${req.target}`;
  const signer = new SigV4Signer({
    region: ctx.region,
    service: ctx.service,
    credentials: {
      accessKeyId: ctx.credentials.access_key_id,
      secretAccessKey: ctx.credentials.secret_access_key,
      sessionToken: ctx.omit_session_token ? undefined : ctx.credentials.token,
    },
  });
  const date = new Date(ctx.timestamp);
  const file = (f: string) => readText(join(dir, f));

  Deno.test(`SigV4Signer.sign() matches the aws-c-auth vector ${name}`, async () => {
    const { request, stages } = await signer.signStages(
      { method: req.method, url, headers: req.headers, body: ctx.sign_body ? req.body : undefined },
      { date, contentSha256: ctx.sign_body, normalizePath: ctx.normalize },
    );
    assert.equal(stages.canonicalRequest, file("header-canonical-request.txt"));
    assert.equal(stages.stringToSign, file("header-string-to-sign.txt"));
    assert.equal(stages.signature, file("header-signature.txt").trim());
    const expectedAuth = file("header-signed-request.txt").split("\n")
      .find((l) => l.startsWith("Authorization:"))!.slice("Authorization:".length);
    assert.equal(request.headers.get("authorization"), expectedAuth);
  });

  Deno.test(`SigV4Signer.presign() matches the aws-c-auth vector ${name}`, async () => {
    const p = await signer.presignStages(
      { method: req.method, url, headers: req.headers },
      {
        date,
        expiresIn: ctx.expiration_in_seconds,
        payloadHash: ctx.sign_body ? sha256Hex(req.body) : EMPTY_SHA256,
        normalizePath: ctx.normalize,
      },
    );
    assert.equal(p.canonicalRequest, file("query-canonical-request.txt"));
    assert.equal(p.stringToSign, file("query-string-to-sign.txt"));
    assert.equal(p.signature, file("query-signature.txt").trim());
    assert.ok(p.url.endsWith(`&X-Amz-Signature=${p.signature}`));
  });
}

const CLASSIC_KEY = "AKIDEXAMPLE";
const CLASSIC_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const POST_STS_TOKEN =
  "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
const VANILLA_TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";

function classicCases(): { name: string; dir: string }[] {
  const out: { name: string; dir: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const sub = join(dir, entry.name);
      if (existsSync(join(sub, `${entry.name}.req`))) out.push({ name: entry.name, dir: sub });
      else walk(sub);
    }
  };
  walk(CLASSIC);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

const classic = classicCases();

Deno.test("the classic AWS suite has its 34 cases", () => {
  assert.equal(classic.length, 34);
});

for (const { name, dir } of classic) {
  Deno.test(`SigV4Signer.sign() matches the classic suite vector ${name}`, async () => {
    const file = (ext: string) => readText(join(dir, `${name}.${ext}`));
    const req = parseRequest(file("req"));
    const amz = req.headers.find(([n]) => n.toLowerCase() === "x-amz-date")![1];
    const date = new Date(
      `${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:` +
        `${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`,
    );
    const sessionToken = name === "post-sts-header-before"
      ? POST_STS_TOKEN
      : name === "get-vanilla-with-session-token"
      ? VANILLA_TOKEN
      : undefined;
    const signer = new SigV4Signer({
      region: "us-east-1",
      service: "service",
      credentials: { accessKeyId: CLASSIC_KEY, secretAccessKey: CLASSIC_SECRET, sessionToken },
    });
    const { request, stages } = await signer.signStages(
      {
        method: req.method,
        url: `https://${hostOf(req)}${req.target}`,
        headers: req.headers,
        body: req.body,
      },
      { date },
    );
    assert.equal(stages.canonicalRequest, file("creq"));
    assert.equal(stages.stringToSign, file("sts"));
    assert.equal(request.headers.get("authorization"), file("authz"));
  });
}

Deno.test("SigV4Signer.sign() matches the mhart/aws4 variant of get-header-value-multiline", async () => {
  // The older published reading of obs-fold: each continuation line is another value, joined by ","
  const dir = join(SPEC_DIR, "sigv4", "variants", "mhart-aws4", "get-header-value-multiline");
  const file = (ext: string) => readText(join(dir, `get-header-value-multiline.${ext}`));
  const req = parseRequest(file("req"), "repeat");
  const signer = new SigV4Signer({
    region: "us-east-1",
    service: "service",
    credentials: { accessKeyId: CLASSIC_KEY, secretAccessKey: CLASSIC_SECRET },
  });
  const { request, stages } = await signer.signStages(
    { method: req.method, url: `https://${hostOf(req)}${req.target}`, headers: req.headers },
    { date: new Date("2015-08-30T12:36:00Z") },
  );
  assert.equal(stages.canonicalRequest, file("creq"));
  assert.equal(stages.stringToSign, file("sts"));
  assert.equal(request.headers.get("authorization"), file("authz"));
});

interface BedrockCase {
  name: string;
  region: string;
  service: string;
  timestamp: string;
  credentials: { access_key_id: string; secret_access_key: string; session_token?: string };
  method: string;
  url: string;
  request_headers_before_signing: Record<string, string>;
  body_utf8: string;
  expected: {
    canonical_request: string;
    string_to_sign: string;
    signature: string;
    authorization: string;
    signed_headers: string[];
  };
}

const bedrock = JSON.parse(
  readText(join(SPEC_DIR, "sigv4", "derived", "bedrock-sigv4-examples.json")),
) as { cases: BedrockCase[] };

Deno.test("the derived Bedrock examples have 3 cases", () => {
  assert.equal(bedrock.cases.length, 3);
});

for (const c of bedrock.cases) {
  Deno.test(`SigV4Signer.sign() matches the derived Bedrock example ${c.name}`, async () => {
    const signer = new SigV4Signer({
      region: c.region,
      service: c.service,
      credentials: {
        accessKeyId: c.credentials.access_key_id,
        secretAccessKey: c.credentials.secret_access_key,
        sessionToken: c.credentials.session_token,
      },
    });
    for (const url of [c.url, new URL(c.url)]) {
      const { request, stages } = await signer.signStages(
        {
          method: c.method,
          url,
          headers: c.request_headers_before_signing,
          body: new TextEncoder().encode(c.body_utf8),
        },
        { date: new Date(c.timestamp) },
      );
      assert.equal(stages.canonicalRequest, c.expected.canonical_request);
      assert.equal(stages.stringToSign, c.expected.string_to_sign);
      assert.equal(stages.signature, c.expected.signature);
      assert.equal(stages.signedHeaders, c.expected.signed_headers.join(";"));
      assert.equal(request.headers.get("authorization"), c.expected.authorization);
      assert.equal(request.headers.has("host"), false);
    }
  });
}
