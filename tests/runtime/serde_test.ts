import assert from "node:assert/strict";
import {
  fromBase64,
  fromBase64Fallback,
  toBase64,
  toBase64Fallback,
} from "../../src/runtime/base64.ts";
import { deserializeShape, serializeShape } from "../../src/runtime/serde.ts";
import { OPERATIONS } from "../../src/runtime/_schema.ts";
import { BedrockInputError } from "../../src/errors.ts";

// RFC 4648 section 10 test vectors.
const RFC4648: [string, string][] = [
  ["", ""],
  ["f", "Zg=="],
  ["fo", "Zm8="],
  ["foo", "Zm9v"],
  ["foob", "Zm9vYg=="],
  ["fooba", "Zm9vYmE="],
  ["foobar", "Zm9vYmFy"],
];

for (
  const [name, enc, dec] of [
    ["native/default", toBase64, fromBase64],
    ["fallback", toBase64Fallback, fromBase64Fallback],
  ] as const
) {
  Deno.test(`base64 ${name} matches the RFC 4648 vectors`, () => {
    for (const [text, b64] of RFC4648) {
      const bytes = new TextEncoder().encode(text);
      assert.equal(enc(bytes), b64);
      assert.deepEqual(dec(b64), bytes);
    }
  });
}

Deno.test("base64 fallback agrees with btoa/atob on every length 0..300 and all byte values", () => {
  for (let n = 0; n <= 300; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
    const expected = btoa(String.fromCharCode(...bytes));
    assert.equal(toBase64Fallback(bytes), expected);
    assert.deepEqual(fromBase64Fallback(expected), bytes);
    assert.deepEqual(fromBase64Fallback(expected.replace(/=+$/, "")), bytes, "unpadded");
  }
});

Deno.test("base64 fallback rejects invalid text with BedrockInputError", () => {
  assert.throws(() => fromBase64Fallback("ab$d"), BedrockInputError);
  assert.throws(() => fromBase64Fallback("a"), BedrockInputError);
});

Deno.test("serializeShape() base64-encodes blobs on their paths and never mutates the input", () => {
  const img = new Uint8Array([1, 2, 3]);
  const shared = { text: "unchanged" };
  const input = {
    messages: [{
      role: "user",
      content: [shared, { image: { format: "png", source: { bytes: img } } }],
    }],
    inferenceConfig: { maxTokens: 0 },
  };
  const before = structuredClone(input);
  const out = serializeShape(OPERATIONS.Converse.input, input) as typeof input;
  assert.deepEqual(input, before);
  assert.equal(
    JSON.stringify(out),
    '{"messages":[{"role":"user","content":[{"text":"unchanged"},{"image":{"format":"png","source":{"bytes":"AQID"}}}]}],"inferenceConfig":{"maxTokens":0}}',
  );
  assert.equal(
    out.messages[0]!.content[0],
    shared,
    "objects off blob paths are shared, not copied",
  );
  assert.equal(out.inferenceConfig, input.inferenceConfig);
});

Deno.test("serializeShape() returns the same object when no blob is present", () => {
  const input = { messages: [{ role: "user", content: [{ text: "hi" }] }] };
  assert.equal(serializeShape(OPERATIONS.Converse.input, input), input);
});

Deno.test("deserializeShape() decodes blobs and keeps unknown union members as $unknown", () => {
  const parsed = JSON.parse(
    '{"output":{"message":{"role":"assistant","content":[{"reasoningContent":{"redactedContent":"AQID"}},{"newBlock":{"a":1}},{"text":"t"}]}},"extra":1}',
  );
  const out = deserializeShape(OPERATIONS.Converse.output, parsed) as {
    output: { message: { content: unknown[] } };
    extra: number;
  };
  assert.deepEqual(out.output.message.content[0], {
    reasoningContent: { redactedContent: new Uint8Array([1, 2, 3]) },
  });
  assert.deepEqual(out.output.message.content[1], { $unknown: ["newBlock", { a: 1 }] });
  assert.deepEqual(out.output.message.content[2], { text: "t" });
  assert.equal(out.extra, 1, "unknown structure members pass through");
});

Deno.test("base64 fallback decodes URL-safe and whitespace-wrapped text like the native decoder", () => {
  for (let n = 0; n <= 100; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 151 + 7 * n) & 255);
    const std = btoa(String.fromCharCode(...bytes));
    const url = std.replace(/\+/g, "-").replace(/\//g, "_");
    assert.deepEqual(fromBase64Fallback(url), bytes, "URL-safe");
    assert.deepEqual(fromBase64Fallback(url.replace(/=+$/, "")), bytes, "URL-safe, unpadded");
    assert.deepEqual(fromBase64Fallback(std.replace(/(.{8})/g, "$1\n")), bytes, "line breaks");
  }
  assert.throws(() => fromBase64Fallback("Zm9v\u00e9"), BedrockInputError);
  assert.throws(() => fromBase64Fallback("Zm9vY"), BedrockInputError);
});
