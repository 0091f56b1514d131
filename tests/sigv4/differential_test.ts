// Differential test: SigV4Signer against @smithy/signature-v4 (the AWS SDK's signer) on thousands of
// seeded random requests: methods, unicode and reserved characters in paths and queries, repeated
// query keys, odd header spacing, session tokens, empty and binary bodies, model ids and ARNs.
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { EMPTY_SHA256, SigV4Signer } from "../../src/sigv4/mod.ts";

const CASES = 5000;
const PRESIGN_CASES = 500;

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODEL_IDS = [
  "anthropic.claude-3-haiku-20240307-v1:0",
  "us.anthropic.claude-3-5-haiku-20241022-v1:0",
  "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
  "arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1",
  "arn:aws:bedrock:us-west-2:123456789012:application-inference-profile/a1b2c3",
  "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/abc123",
];
const PATH_CHARS = [
  ..."abcXYZ019-._~",
  ..."!$&'()*+,;=:@ %",
  "é",
  "ሴ",
  "😀",
  "ü",
  "\u00a0",
];
const QUERY_CHARS = [...PATH_CHARS, "/", "?", "#", "&", "=", "[", "]", '"', "<", ">"];
const HEADER_NAMES = [
  "content-type",
  "accept",
  "x-amz-meta-color",
  "x-amz-user-agent",
  "x-amzn-bedrock-trace",
  "x-amzn-bedrock-guardrailidentifier",
  "x-custom",
  "user-agent",
  "x-amzn-trace-id",
  "expect",
  "cache-control",
  "content-length",
  "x-amz-target",
];
const REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1", "us-gov-west-1"];
const METHODS = ["GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"];

interface Case {
  method: string;
  host: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: Uint8Array | string | undefined;
  token: string | undefined;
  accessKeyId: string;
  secret: string;
  region: string;
  service: string;
  date: Date;
  contentSha256: boolean;
}

function generate(rand: () => number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (n: number) => Math.floor(rand() * n);
  const str = (chars: readonly string[], max: number) => {
    let s = "";
    for (let i = int(max + 1); i > 0; i--) s += pick(chars);
    return s;
  };
  const region = pick(REGIONS);
  const segments: string[] = [];
  const shape = rand();
  if (shape < 0.4) {
    segments.push(
      "model",
      encodeURIComponent(pick(MODEL_IDS)),
      pick(["converse", "invoke", "converse-stream"]),
    );
  } else {
    for (let i = int(5); i >= 0; i--) {
      const r = rand();
      // a raw path may not hold ? or #; wire paths are percent-encoded
      const seg = str(PATH_CHARS, 8);
      segments.push(
        r < 0.1 ? "." : r < 0.18 ? ".." : r < 0.25 ? "" : r < 0.6 ? encodeURIComponent(seg) : seg,
      );
    }
  }
  const path = "/" + segments.join("/") + (rand() < 0.2 ? "/" : "");
  const query: [string, string][] = [];
  for (let i = int(rand() < 0.5 ? 1 : 6); i > 0; i--) {
    const key = query.length > 0 && rand() < 0.25
      ? query[int(query.length)]![0]
      : str(QUERY_CHARS, 6) || "k";
    query.push([key, str(QUERY_CHARS, 8)]);
  }
  const headers: Record<string, string> = {};
  for (let i = int(5); i > 0; i--) {
    const name = pick(HEADER_NAMES);
    const cased = rand() < 0.3 ? name.toUpperCase() : name;
    if (Object.keys(headers).some((k) => k.toLowerCase() === name)) continue;
    const pad = () => pick(["", " ", "  ", "\t", " \t "]);
    headers[cased] = pad() + str([...'abc XYZ019;=,/"', "  ", "\t", "   "], 12).trim() + pad() +
      (rand() < 0.3 ? "  inner   spaces\tand\ttabs" : "");
  }
  const b = rand();
  let body: Uint8Array | string | undefined;
  if (b < 0.15) body = undefined;
  else if (b < 0.25) body = "";
  else if (b < 0.55) body = JSON.stringify({ text: str(PATH_CHARS, 40) });
  else {
    const n = rand() < 0.05 ? 4096 + int(70000) : int(3000);
    body = new Uint8Array(n);
    for (let i = 0; i < n; i++) body[i] = int(256);
  }
  return {
    method: pick(METHODS),
    host: rand() < 0.8
      ? `bedrock-runtime.${region}.amazonaws.com`
      : `127.0.0.1:${1024 + int(60000)}`,
    path,
    query,
    headers,
    body,
    token: rand() < 0.4 ? str([..."AQoDYXdz+/=abcdef0123"], 80) || "tok" : undefined,
    accessKeyId: "AKIA" + str([..."ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"], 16),
    secret: str([..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP0123456789+/"], 40) || "s",
    region,
    service: rand() < 0.9 ? "bedrock" : "service",
    date: new Date(Date.UTC(2015, 0, 1) + int(15 * 365 * 86400) * 1000),
    contentSha256: rand() < 0.3,
  };
}

function queryString(query: [string, string][]): string {
  return query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
}

function queryRecord(query: [string, string][]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of query) {
    const prior = out[k];
    out[k] = prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v];
  }
  return out;
}

function smithyFor(c: Case, applyChecksum: boolean): SignatureV4 {
  return new SignatureV4({
    credentials: {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secret,
      ...(c.token ? { sessionToken: c.token } : {}),
    },
    region: c.region,
    service: c.service,
    sha256: Sha256,
    applyChecksum,
  });
}

function oursFor(c: Case): SigV4Signer {
  return new SigV4Signer({
    region: c.region,
    service: c.service,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secret, sessionToken: c.token },
  });
}

function urlOf(c: Case): string {
  const q = queryString(c.query);
  return `https://${c.host}${c.path}${q ? "?" + q : ""}`;
}

Deno.test(`SigV4Signer.sign() equals @smithy/signature-v4 on ${CASES} random requests`, async () => {
  const rand = prng(0x5167_4e34);
  let withToken = 0, withQuery = 0, binary = 0, large = 0;
  for (let i = 0; i < CASES; i++) {
    const c = generate(rand);
    if (c.token) withToken++;
    if (c.query.length) withQuery++;
    if (c.body instanceof Uint8Array) binary++;
    if (c.body instanceof Uint8Array && c.body.length >= 4096) large++;
    const theirs = await smithyFor(c, c.contentSha256).sign({
      method: c.method,
      protocol: "https:",
      hostname: c.host,
      path: c.path,
      query: queryRecord(c.query),
      headers: { ...c.headers, host: c.host },
      body: c.body,
    }, { signingDate: c.date }) as { headers: Record<string, string> };
    const ours = await oursFor(c).sign(
      { method: c.method, url: urlOf(c), headers: c.headers, body: c.body },
      { date: c.date, contentSha256: c.contentSha256 },
    );
    const expected = theirs.headers["authorization"];
    assert.equal(
      ours.headers.get("authorization"),
      expected,
      `case ${i}: ${JSON.stringify({ ...c, body: typeof c.body })}`,
    );
  }
  // the generator really exercises what it claims
  assert.ok(withToken > CASES / 4 && withQuery > CASES / 4 && binary > CASES / 4 && large > 20);
});

Deno.test(`SigV4Signer.presign() equals @smithy/signature-v4 presign on ${PRESIGN_CASES} random requests`, async () => {
  const rand = prng(0x0b5e_55ed);
  for (let i = 0; i < PRESIGN_CASES; i++) {
    const c = generate(rand);
    // smithy hoists x-amz-* headers into the query; keep the others
    const headers = Object.fromEntries(
      Object.entries(c.headers).filter(([k]) => !k.toLowerCase().startsWith("x-amz-")),
    );
    const expiresIn = 1 + Math.floor(rand() * 604800);
    const theirs = await smithyFor(c, false).presign({
      method: c.method,
      protocol: "https:",
      hostname: c.host,
      path: c.path,
      query: queryRecord(c.query),
      headers: { ...headers, host: c.host },
    }, { signingDate: c.date, expiresIn }) as { query: Record<string, string> };
    const ours = await oursFor(c).presignStages(
      { method: c.method, url: urlOf(c), headers },
      { date: c.date, expiresIn, payloadHash: EMPTY_SHA256 },
    );
    assert.equal(ours.signature, theirs.query["X-Amz-Signature"], `case ${i}`);
  }
});
