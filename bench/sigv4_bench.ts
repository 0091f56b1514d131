// Signing a Bedrock Converse-shaped POST: SigV4Signer (and the sign-only SigV4HeaderSigner) against
// @smithy/signature-v4 (with @aws-crypto/sha256-js and with a node:crypto hash), aws4fetch, and
// node:crypto hashing alone.
// Run: deno bench -A bench/sigv4_bench.ts
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { AwsV4Signer } from "aws4fetch";
import { SigV4HeaderSigner, SigV4Signer } from "../src/sigv4/mod.ts";
import { hmacHex, hmacKey, sha256Hex } from "../src/sigv4/_sha256.ts";

const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const region = "us-east-1";
const host = `bedrock-runtime.${region}.amazonaws.com`;
const path = `/model/${encodeURIComponent("anthropic.claude-3-5-haiku-20241022-v1:0")}/converse`;
const url = `https://${host}${path}`;

/** A Converse request body of about `size` bytes. */
function converseBody(size: number): string {
  const base = {
    messages: [{ role: "user", content: [{ text: "" }] }],
    inferenceConfig: { maxTokens: 512, temperature: 0.5 },
  };
  const overhead = JSON.stringify(base).length;
  base.messages[0]!.content[0]!.text = "lorem ipsum dolor sit amet ".repeat(size).slice(
    0,
    size - overhead,
  );
  return JSON.stringify(base);
}

/** A smithy-compatible Hash backed by node:crypto (the fastest hash smithy can be given here). */
class NodeSha256 {
  readonly #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return new Uint8Array(data);
}

const ours = new SigV4Signer({ region, service: "bedrock", credentials });
const oursLean = new SigV4HeaderSigner({ region, service: "bedrock", credentials });
const smithyJs = new SignatureV4({
  credentials,
  region,
  service: "bedrock",
  sha256: Sha256,
  applyChecksum: false,
});
const smithyNode = new SignatureV4({
  credentials,
  region,
  service: "bedrock",
  sha256: NodeSha256,
  applyChecksum: false,
});
const aws4Cache = new Map();

for (const [label, size] of [["1 KiB", 1024], ["256 KiB", 256 * 1024]] as const) {
  const body = converseBody(size);
  const group = `sign Converse POST, ${label} body`;
  const headers = { "content-type": "application/json", accept: "application/json" };

  Deno.bench(`bedrock-fetch SigV4Signer (${label})`, { group, baseline: true }, async () => {
    await ours.sign({ method: "POST", url, headers, body });
  });
  Deno.bench(`bedrock-fetch SigV4HeaderSigner (${label})`, { group }, async () => {
    await oursLean.sign({ method: "POST", url, headers, body });
  });
  Deno.bench(`@smithy/signature-v4 + @aws-crypto/sha256-js (${label})`, { group }, async () => {
    await smithyJs.sign({
      method: "POST",
      protocol: "https:",
      hostname: host,
      path,
      query: {},
      headers: { ...headers, host },
      body,
    });
  });
  Deno.bench(`@smithy/signature-v4 + node:crypto hash (${label})`, { group }, async () => {
    await smithyNode.sign({
      method: "POST",
      protocol: "https:",
      hostname: host,
      path,
      query: {},
      headers: { ...headers, host },
      body,
    });
  });
  Deno.bench(`aws4fetch AwsV4Signer (${label})`, { group }, async () => {
    await new AwsV4Signer({
      method: "POST",
      url,
      headers,
      body,
      service: "bedrock",
      region,
      cache: aws4Cache,
      ...credentials,
    }).sign();
  });
  if (size === 1024) {
    // the floor of a pure-TS signer: body hash + canonical-request hash + HMAC of the string to sign
    const bodyBytes = new TextEncoder().encode(body);
    const creq = "x".repeat(420);
    const sts = "y".repeat(140);
    const key = hmacKey(new Uint8Array(32));
    Deno.bench(`hashing work only, pure-TS (${label})`, { group }, () => {
      sha256Hex(bodyBytes);
      sha256Hex(creq);
      hmacHex(key, sts);
    });
  }
  if (size > 1024) {
    Deno.bench(`node:crypto SHA-256 of the body only (${label})`, { group }, () => {
      createHash("sha256").update(body).digest("hex");
    });
  }
}

// The cut-over between the synchronous hash and crypto.subtle.digest (payload.ts SUBTLE_THRESHOLD).
for (const size of [512, 1024, 2048, 4096, 8192, 16384]) {
  const bytes = new Uint8Array(size).fill(97);
  const group = `payload hash cut-over, ${size} B`;
  Deno.bench(`pure-TS sha256Hex (${size} B)`, { group, baseline: true }, () => {
    sha256Hex(bytes);
  });
  Deno.bench(`crypto.subtle.digest (${size} B)`, { group }, async () => {
    await crypto.subtle.digest("SHA-256", bytes);
  });
}
