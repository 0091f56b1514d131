import assert from "node:assert/strict";
import { SPEC_DIR } from "../_spec.ts";
import { buildPath, encodePathLabel, toCountTokensModelId } from "../../src/runtime/model_id.ts";
import { resolveEndpoint } from "../../src/runtime/endpoint.ts";
import { BedrockInputError } from "../../src/errors.ts";

// [kind, model id, expected wire path segment]
const GOLDEN: [string, string, string][] = [
  ["bare id", "anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1%3A0"],
  [
    "us. profile",
    "us.anthropic.claude-3-5-haiku-20241022-v1:0",
    "us.anthropic.claude-3-5-haiku-20241022-v1%3A0",
  ],
  ["eu. profile", "eu.amazon.nova-lite-v1:0", "eu.amazon.nova-lite-v1%3A0"],
  ["apac. profile", "apac.amazon.nova-pro-v1:0", "apac.amazon.nova-pro-v1%3A0"],
  [
    "global. profile",
    "global.anthropic.claude-sonnet-4-20250514-v1:0",
    "global.anthropic.claude-sonnet-4-20250514-v1%3A0",
  ],
  [
    "foundation-model ARN",
    "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1",
    "arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Famazon.titan-text-express-v1",
  ],
  [
    "inference-profile ARN",
    "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.meta.llama3-2-1b-instruct-v1:0",
    "arn%3Aaws%3Abedrock%3Aus-west-2%3A123456789012%3Ainference-profile%2Fus.meta.llama3-2-1b-instruct-v1%3A0",
  ],
  [
    "application-inference-profile ARN",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123def456",
    "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aapplication-inference-profile%2Fabc123def456",
  ],
  [
    "prompt ARN with version",
    "arn:aws:bedrock:us-east-1:123456789012:prompt/PROMPT12345:3",
    "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aprompt%2FPROMPT12345%3A3",
  ],
  [
    "provisioned ARN",
    "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/xyz789",
    "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aprovisioned-model%2Fxyz789",
  ],
  [
    "GovCloud ARN",
    "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    "arn%3Aaws-us-gov%3Abedrock%3Aus-gov-west-1%3A%3Afoundation-model%2Fanthropic.claude-3-haiku-20240307-v1%3A0",
  ],
];

for (const [kind, id, segment] of GOLDEN) {
  Deno.test(`buildPath() encodes a ${kind} exactly once`, () => {
    assert.equal(
      buildPath("/model/{modelId}/converse", { modelId: id }),
      `/model/${segment}/converse`,
    );
    assert.equal(decodeURIComponent(segment), id);
    assert.ok(!segment.includes("%25"), "no double encoding on the wire");
  });
}

Deno.test("buildPath() reproduces the wire paths of the derived Bedrock SigV4 vectors", async () => {
  const { cases } = JSON.parse(
    await Deno.readTextFile(`${SPEC_DIR}/sigv4/derived/bedrock-sigv4-examples.json`),
  );
  for (const c of cases) {
    const op = c.wire_path.split("/").at(-1);
    const path = buildPath(`/model/{modelId}/${op}`, { modelId: c.model_id });
    assert.equal(path, c.wire_path, c.name);
    assert.equal(resolveEndpoint({ region: c.region }) + path, c.url, c.name);
  }
});

Deno.test("encodePathLabel() also encodes !'()* like the AWS SDK", () => {
  assert.equal(encodePathLabel("a!b'c(d)e*f"), "a%21b%27c%28d%29e%2Af");
});

Deno.test("buildPath() rejects a missing or empty label with BedrockInputError naming it", () => {
  assert.throws(
    () => buildPath("/model/{modelId}/converse", {}),
    (e: unknown) => e instanceof BedrockInputError && e.field === "modelId",
  );
  assert.throws(() => buildPath("/model/{modelId}/converse", { modelId: "" }), BedrockInputError);
});

Deno.test("toCountTokensModelId() maps geo-prefixed profiles and inference-profile ARNs to base ids", () => {
  const base = "anthropic.claude-3-5-haiku-20241022-v1:0";
  for (const geo of ["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"]) {
    assert.equal(toCountTokensModelId(`${geo}.${base}`), base, geo);
  }
  assert.equal(
    toCountTokensModelId(`arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.${base}`),
    base,
  );
  assert.equal(toCountTokensModelId(base), base);
  const fm = `arn:aws:bedrock:us-east-1::foundation-model/${base}`;
  assert.equal(toCountTokensModelId(fm), fm);
  // A provider name is not a geo prefix.
  assert.equal(toCountTokensModelId("amazon.nova-lite-v1:0"), "amazon.nova-lite-v1:0");
});

Deno.test("toCountTokensModelId() throws BedrockInputError for ids with no readable base model", () => {
  for (
    const id of [
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc",
      "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/xyz",
      "arn:aws:bedrock:us-east-1:123456789012:prompt/P1:1",
      "arn:aws:s3:::bucket/key",
    ]
  ) {
    assert.throws(
      () => toCountTokensModelId(id),
      (e: unknown) =>
        e instanceof BedrockInputError && e.field === "modelId" && /CountTokens/.test(e.message),
      id,
    );
  }
});
