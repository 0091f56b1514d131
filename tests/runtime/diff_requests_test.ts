// Differential test: every request of the corpus, sent by our client and by
// @aws-sdk/client-bedrock-runtime, must have the same method, host, path, modeled headers and body,
// and both signatures must verify under the same credentials.
import assert from "node:assert/strict";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { computeSignature } from "../../src/sigv4/compute.ts";
import { OPERATIONS } from "../../src/runtime/_schema.ts";
import { REQUEST_CASES } from "./_inputs.ts";
import { type Captured, CREDENTIALS, oursSend, REGION, sdkSend } from "./_harness.ts";

const MODELED = (op: keyof typeof OPERATIONS) =>
  new Set(["content-type", ...(OPERATIONS[op].headers ?? []).map(([, h]) => h.toLowerCase())]);

function modeledHeaders(req: Captured, names: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(req.headers).filter(([k]) => names.has(k)).sort());
}

function body(req: Captured, op: keyof typeof OPERATIONS): unknown {
  if (OPERATIONS[op].payload) return Array.from(req.body);
  return JSON.parse(new TextDecoder().decode(req.body));
}

function amzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)!;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

/** Recomputes the request's signature from its own signed-header list with our computeSignature. */
async function verifySignature(req: Captured, who: string): Promise<string[]> {
  const auth = req.headers["authorization"] ?? "";
  const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/
    .exec(auth);
  assert.ok(m, `${who}: Authorization header has the SigV4 form`);
  const [, credential, signed, signature] = m as unknown as [string, string, string, string];
  assert.equal(credential.split("/")[0], CREDENTIALS.accessKeyId);
  assert.equal(credential.split("/")[3], "bedrock", `${who}: signing name is bedrock`);
  const signedHeaders = signed.split(";");
  for (const h of ["host", "x-amz-date", "x-amz-security-token"]) {
    assert.ok(signedHeaders.includes(h), `${who}: ${h} is signed`);
  }
  const headers = { ...req.headers };
  if (!headers.host) headers.host = new URL(req.url).host;
  const recomputed = await computeSignature({
    method: req.method,
    url: req.url,
    headers,
    body: req.body,
    signedHeaders,
    date: amzDate(req.headers["x-amz-date"]!),
    credentials: CREDENTIALS,
    region: REGION,
    service: "bedrock",
  });
  assert.equal(recomputed.signature, signature, `${who}: signature verifies`);
  const sha = headers["x-amz-content-sha256"];
  if (sha) {
    assert.equal(sha, recomputed.payloadHash, `${who}: x-amz-content-sha256 is the body hash`);
  }
  return signedHeaders;
}

const SMITHY = new SignatureV4({
  credentials: CREDENTIALS,
  region: REGION,
  service: "bedrock",
  sha256: Sha256,
});

/** Re-signs our request with @smithy/signature-v4 over exactly our signed headers: same Authorization. */
async function smithyAgrees(req: Captured, signedHeaders: string[]): Promise<void> {
  const url = new URL(req.url);
  const headers: Record<string, string> = { host: url.host };
  for (const h of signedHeaders) if (h !== "host") headers[h] = req.headers[h] ?? "";
  delete headers["x-amz-date"];
  delete headers["x-amz-security-token"];
  const signed = await SMITHY.sign({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    path: url.pathname,
    query: {},
    headers,
    body: req.body,
  }, { signingDate: amzDate(req.headers["x-amz-date"]!) });
  assert.equal(signed.headers["authorization"], req.headers["authorization"], "smithy agrees");
}

Deno.test("differential request corpus has >= 60 cases covering all six operations", () => {
  assert.ok(REQUEST_CASES.length >= 60, `${REQUEST_CASES.length} cases`);
  assert.equal(new Set(REQUEST_CASES.map((c) => c.op)).size, 6);
});

for (const c of REQUEST_CASES) {
  Deno.test(`BedrockRuntime request matches @aws-sdk/client-bedrock-runtime: ${c.name}`, async () => {
    const frozen = structuredClone(c.input);
    const ours = await oursSend(c.op, c.input);
    const sdk = await sdkSend(c.op, c.input);
    assert.ok(ours.request, `ours sent nothing: ${ours.error}`);
    assert.ok(sdk.request, `sdk sent nothing: ${sdk.error}`);
    assert.deepEqual(c.input, frozen, "input not mutated");
    assert.equal(ours.request.method, sdk.request.method);
    assert.equal(new URL(ours.request.url).host, new URL(sdk.request.url).host);
    assert.equal(ours.request.path, sdk.request.path);
    const names = MODELED(c.op);
    assert.deepEqual(modeledHeaders(ours.request, names), modeledHeaders(sdk.request, names));
    assert.deepEqual(body(ours.request, c.op), body(sdk.request, c.op));
    await smithyAgrees(ours.request, await verifySignature(ours.request, "ours"));
    await verifySignature(sdk.request, "sdk");
  });
}
