// Error names survive minification: bundlers rename classes, and `name` must not follow them.
import assert from "node:assert/strict";
import { bundleSource, stopBundler } from "../_bundle.ts";

Deno.test("BedrockCredentialsError and the library errors keep their names in a minified bundle", async () => {
  const names = [
    "BedrockCredentialsError",
    "BedrockFetchError",
    "BedrockInputError",
    "BedrockNetworkError",
    "BedrockStreamError",
    "BedrockTimeoutError",
    "EventStreamError",
    "BedrockRuntimeServiceException",
    "ThrottlingException",
    "ModelStreamErrorException",
  ];
  try {
    const out = await bundleSource(
      `import { ${names.join(", ")} } from "./src/errors.ts";
export const made = [
  new BedrockCredentialsError("Cannot resolve credentials", []),
  new BedrockFetchError("x"),
  new BedrockInputError("field", "rule"),
  new BedrockNetworkError("x"),
  new BedrockStreamError("x"),
  new BedrockTimeoutError("idle", 1),
  new EventStreamError("prelude-crc", 0, "x"),
  new BedrockRuntimeServiceException({}),
  new ThrottlingException({}),
  new ModelStreamErrorException({ originalMessage: "m" }),
];`,
    );
    const url = `data:text/javascript;base64,${btoa(out.outputFiles[0]!.text)}`;
    const { made } = await import(url) as { made: Error[] };
    assert.deepEqual(made.map((e) => e.name), names);
    class MyError extends (made[1]!.constructor as new (m: string) => Error) {}
    assert.equal(new MyError("x").name, "MyError", "a user's subclass keeps its own name");
    assert.equal((made[9] as unknown as { originalMessage: string }).originalMessage, "m");
  } finally {
    await stopBundler();
  }
});
