import assert from "node:assert/strict";
import {
  fromBase64,
  fromBase64Fallback,
  toBase64,
  toBase64Fallback,
} from "../../src/runtime/base64.ts";
import { deserializeShape, jsonText, serializeShape } from "../../src/runtime/serde.ts";
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

Deno.test("base64 fallback encodes views at any byte offset (its 12-byte rounds read a DataView)", () => {
  const backing = Uint8Array.from({ length: 400 }, (_, i) => (i * 151 + 3) & 255);
  for (let offset = 0; offset < 13; offset++) {
    for (const n of [0, 11, 12, 13, 100, 387 - offset]) {
      const view = backing.subarray(offset, offset + n);
      assert.equal(toBase64Fallback(view), btoa(String.fromCharCode(...view)), `${offset}+${n}`);
    }
  }
});

Deno.test("base64 fallback rejects invalid text with BedrockInputError", () => {
  assert.throws(() => fromBase64Fallback("ab$d"), BedrockInputError);
  assert.throws(() => fromBase64Fallback("a"), BedrockInputError);
  // Beyond ASCII, where a table lookup would read undefined (0) rather than -1.
  for (const text of ["Zm9v😀YmFy", "Zm9vYmé=", "Zg\u0100=", "Zm\u00ff9"]) {
    assert.throws(() => fromBase64Fallback(text), BedrockInputError, text);
  }
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

Deno.test("jsonText() equals JSON.stringify(serializeShape()) on 3,000 random Converse inputs", () => {
  const node = OPERATIONS.Converse.input;
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  // ASCII, Latin-1, BMP, astral, lone surrogates, quotes, backslashes and control characters.
  const ALPHABET = [
    "a",
    "Z",
    " ",
    '"',
    "\\",
    "\n",
    "\u0001",
    "é",
    "\u00ff",
    "中",
    "😀",
    "\ud800",
    "\udc00",
  ];
  const text = () => {
    let s = "";
    for (let n = rand(12); n > 0; n--) s += ALPHABET[rand(rand(3) ? 3 : ALPHABET.length)];
    return s;
  };
  const blob = () => Uint8Array.from({ length: rand(4) ? rand(300) : 0 }, () => rand(256));
  const block = (): unknown => {
    switch (rand(5)) {
      case 0:
        return { text: text() };
      case 1:
        return { image: { format: "png", source: { bytes: blob() } } };
      case 2:
        return { document: { format: "txt", name: text(), source: { bytes: blob() } } };
      case 3:
        return { toolUse: { toolUseId: text(), name: "t", input: { [text()]: text() } } };
      default:
        return { video: { format: "mp4", source: { bytes: blob() } } };
    }
  };
  let withBlobs = 0, nonAscii = 0;
  for (let i = 0; i < 3000; i++) {
    const messages = Array.from({ length: 1 + rand(4) }, (_, j) => ({
      role: j % 2 ? "assistant" : "user",
      content: Array.from({ length: 1 + rand(4) }, block),
    }));
    const input = { messages, system: [{ text: text() }] };
    const expected = JSON.stringify(serializeShape(node, input));
    const actual = jsonText(node, input);
    assert.deepEqual(actual, expected, `case ${i}`);
    const json = JSON.stringify(input, (_k, v) => v instanceof Uint8Array ? 0 : v);
    if (/"bytes"/.test(json)) withBlobs++;
    if (/[^ -~]/.test(json)) nonAscii++; // JSON.stringify escapes control characters
  }
  assert.ok(
    withBlobs > 2000 && nonAscii > 1000 && 3000 - nonAscii > 500,
    `${withBlobs} ${nonAscii}`,
  );
});

Deno.test("jsonText() stays exact when a toJSON drops a blob's marker", () => {
  const node = OPERATIONS.Converse.input;
  const image = { format: "png", source: { bytes: new Uint8Array([1, 2, 3]) } };
  const input = {
    messages: [{
      role: "user",
      content: [
        { image, toJSON: () => ({ text: "replaced" }) },
        { image: { format: "png", source: { bytes: new Uint8Array([4, 5]) } } },
      ],
    }],
  };
  const expected = JSON.stringify(serializeShape(node, input));
  assert.equal(jsonText(node, input), expected);
  assert.match(expected, /"replaced".*"BAU="/);
});
