import assert from "node:assert/strict";
import { REPO_DIR } from "../_spec.ts";
import * as mod from "../../mod.ts";

Deno.test("mod.ts re-exports every generated wire type of src/runtime/types.ts", async () => {
  const types = await Deno.readTextFile(`${REPO_DIR}/src/runtime/types.ts`);
  const modText = await Deno.readTextFile(`${REPO_DIR}/mod.ts`);
  const names = [...types.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
  assert.ok(names.length > 200, `${names.length} generated types`);
  const missing = names.filter((n) => !new RegExp(`\\b${n},`).test(modText));
  assert.deepEqual(missing, []);
});

Deno.test("mod.ts exports the clients, the commands, the twelve modeled exceptions and the library errors", () => {
  for (
    const name of [
      "BedrockRuntime",
      "BedrockRuntimeClient",
      "BedrockRuntimeCommand",
      "ConverseCommand",
      "ConverseStreamCommand",
      "InvokeModelCommand",
      "InvokeModelWithResponseStreamCommand",
      "CountTokensCommand",
      "ApplyGuardrailCommand",
      "Uint8ArrayBlobAdapter",
      "AccessDeniedException",
      "ConflictException",
      "InternalServerException",
      "ModelErrorException",
      "ModelNotReadyException",
      "ModelStreamErrorException",
      "ModelTimeoutException",
      "ResourceNotFoundException",
      "ServiceQuotaExceededException",
      "ServiceUnavailableException",
      "ThrottlingException",
      "ValidationException",
      "BedrockRuntimeServiceException",
      "BedrockFetchError",
      "EventStreamError",
      "BedrockTimeoutError",
      "BedrockNetworkError",
      "BedrockStreamError",
      "BedrockCredentialsError",
      "BedrockInputError",
      "BedrockOutputError",
      "RetryQuota",
      "toCountTokensModelId",
      "resolveEndpoint",
    ]
  ) {
    assert.equal(typeof (mod as Record<string, unknown>)[name], "function", name);
  }
});
