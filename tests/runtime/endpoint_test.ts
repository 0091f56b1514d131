import assert from "node:assert/strict";
import { SPEC_DIR } from "../_spec.ts";
import { resolveEndpoint } from "../../src/runtime/endpoint.ts";
import { BedrockInputError } from "../../src/errors.ts";

interface Case {
  documentation: string;
  params?: { Region?: string; UseFIPS?: boolean; UseDualStack?: boolean; Endpoint?: string };
  expect: { endpoint?: { url: string }; error?: string };
}
const cases: Case[] = JSON.parse(
  Deno.readTextFileSync(`${SPEC_DIR}/bedrock-runtime.endpoint-tests.json`),
).testCases;

Deno.test("resolveEndpoint() has all 21 cases of bedrock-runtime.endpoint-tests.json", () => {
  assert.equal(cases.length, 21);
});

for (const c of cases) {
  Deno.test(`resolveEndpoint() matches the endpoint test "${c.documentation}"`, () => {
    const p = c.params ?? {};
    const run = () =>
      resolveEndpoint({
        region: p.Region,
        useFipsEndpoint: p.UseFIPS,
        useDualstackEndpoint: p.UseDualStack,
        endpoint: p.Endpoint,
      });
    if (c.expect.error) {
      assert.throws(
        run,
        (e: unknown) => e instanceof BedrockInputError && e.message === c.expect.error,
      );
    } else {
      assert.equal(run(), c.expect.endpoint!.url);
    }
  });
}

Deno.test("resolveEndpoint() rejects a region that is not a host label", () => {
  assert.throws(() => resolveEndpoint({ region: "us-east-1.evil.com/x" }), BedrockInputError);
});

Deno.test("resolveEndpoint() drops a trailing slash of a custom endpoint", () => {
  assert.equal(resolveEndpoint({ endpoint: "http://127.0.0.1:8080/" }), "http://127.0.0.1:8080");
});
