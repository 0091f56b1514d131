// The signing contestants shared by sigv4_bench.ts (deno bench) and sigv4_runtimes.ts (a plain
// loop for Bun and Node): the same request, signers and peers in both.
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import { AwsV4Signer } from "aws4fetch";
import { SigV4HeaderSigner, SigV4Signer } from "../src/sigv4/mod.ts";

type Data = string | ArrayBuffer | ArrayBufferView;

export const credentials = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
export const region = "us-east-1";
const host = `bedrock-runtime.${region}.amazonaws.com`;
const path = `/model/${encodeURIComponent("anthropic.claude-3-5-haiku-20241022-v1:0")}/converse`;
const url = `https://${host}${path}`;
const headers = { "content-type": "application/json", accept: "application/json" };

/** A Converse request body of about `size` bytes. */
export function converseBody(size: number): string {
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

function bytes(data: Data): string | Uint8Array {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return new Uint8Array(data);
}

/** A smithy-compatible Hash backed by node:crypto (the fastest hash smithy can be given here). */
class NodeSha256 {
  readonly #h: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: Data) {
    this.#h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Data): void {
    this.#h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
}

const ours = new SigV4Signer({ region, service: "bedrock", credentials });
const oursLean = new SigV4HeaderSigner({ region, service: "bedrock", credentials });
const smithy = (sha256: typeof Sha256 | typeof NodeSha256) =>
  new SignatureV4({ credentials, region, service: "bedrock", sha256, applyChecksum: false });
const smithyJs = smithy(Sha256);
const smithyNode = smithy(NodeSha256);
const aws4Cache = new Map();

/** One contestant: its name and one signing of `body`. */
export interface Contestant {
  name: string;
  fn: () => unknown;
}

/**
 * The contestants for a body, ours first: SigV4Signer, SigV4HeaderSigner, smithy with
 * sha256-js and with node:crypto, aws4fetch, and (above 1 KiB) node:crypto hashing the body alone.
 */
export function contestants(body: string): Contestant[] {
  const smithyRequest = () => ({
    method: "POST",
    protocol: "https:",
    hostname: host,
    path,
    query: {},
    headers: { ...headers, host },
    body,
  });
  const list: Contestant[] = [
    {
      name: "bedrock-fetch SigV4Signer",
      fn: () => ours.sign({ method: "POST", url, headers, body }),
    },
    {
      name: "bedrock-fetch SigV4HeaderSigner",
      fn: () => oursLean.sign({ method: "POST", url, headers, body }),
    },
    {
      name: "@smithy/signature-v4 + @aws-crypto/sha256-js",
      fn: () => smithyJs.sign(smithyRequest()),
    },
    { name: "@smithy/signature-v4 + node:crypto hash", fn: () => smithyNode.sign(smithyRequest()) },
    {
      name: "aws4fetch AwsV4Signer",
      fn: () =>
        new AwsV4Signer({
          method: "POST",
          url,
          headers,
          body,
          service: "bedrock",
          region,
          cache: aws4Cache,
          ...credentials,
        }).sign(),
    },
  ];
  if (body.length > 1024) {
    list.push({
      name: "node:crypto SHA-256 of the body only",
      fn: () => createHash("sha256").update(body).digest("hex"),
    });
  }
  return list;
}
