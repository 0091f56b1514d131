// Uint8ArrayBlobAdapter: the AWS SDK's blob helpers on InvokeModel bodies, checked against the
// SDK's own adapter.
import assert from "node:assert/strict";
import { Uint8ArrayBlobAdapter as SdkAdapter } from "@smithy/core/serde";
import { Uint8ArrayBlobAdapter } from "../../mod.ts";
import { BedrockInputError } from "../../src/errors.ts";

const TEXTS = ["", "hi", '{"ok":true}', "日本語 😀 \u0000 tab\t", "a".repeat(5000)];

Deno.test("Uint8ArrayBlobAdapter.fromString/transformToString equal the AWS SDK's (UTF-8 and base64)", () => {
  for (const text of TEXTS) {
    const ours = Uint8ArrayBlobAdapter.fromString(text);
    const sdk = SdkAdapter.fromString(text);
    assert.deepEqual(Array.from(ours), Array.from(sdk));
    assert.equal(ours.transformToString(), sdk.transformToString());
    assert.equal(ours.transformToString("utf8"), text);
    assert.equal(ours.transformToString("base64"), sdk.transformToString("base64"));
    const b64 = sdk.transformToString("base64");
    assert.deepEqual(
      Array.from(Uint8ArrayBlobAdapter.fromString(b64, "base64")),
      Array.from(SdkAdapter.fromString(b64, "base64")),
    );
  }
});

Deno.test("Uint8ArrayBlobAdapter.mutate is a view, invalid UTF-8 decodes with U+FFFD, unknown encodings throw", () => {
  const bytes = new Uint8Array([0x68, 0xff, 0x69]);
  const view = Uint8ArrayBlobAdapter.mutate(bytes.subarray(1));
  assert.ok(view instanceof Uint8Array);
  assert.equal(view.buffer, bytes.buffer);
  assert.equal(view.transformToString(), "\ufffdi");
  assert.throws(
    () => view.transformToString("latin1"),
    (e) => e instanceof BedrockInputError && /encoding/.test(e.message),
  );
});
