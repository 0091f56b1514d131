import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SPEC_DIR } from "../_spec.ts";
import {
  crc32,
  encodeEventStreamMessage,
  type EventStreamHeaders,
  type EventStreamHeaderValue,
  type EventStreamMessage,
} from "../../src/eventstream/mod.ts";
import { EventStreamError } from "../../src/errors.ts";
import { decodeChunks, fromBase64, fromHex, toHex, type Vector, VECTORS } from "./_helpers.ts";

/** The typed form vectors.json expects for one header. */
function expectedHeader(h: Vector["decoded"]["headers"][number]): EventStreamHeaderValue {
  switch (h.type_name) {
    case "bool_true":
    case "bool_false":
      return { type: "boolean", value: h.value as boolean };
    case "byte":
      return { type: "byte", value: h.value as number };
    case "short":
      return { type: "short", value: h.value as number };
    case "integer":
      return { type: "integer", value: h.value as number };
    case "long":
      return { type: "long", value: BigInt(h.value as number) };
    case "byte_array":
      return { type: "binary", value: fromBase64(h.value_base64!) };
    case "string":
      return { type: "string", value: h.value as string };
    case "timestamp":
      return { type: "timestamp", value: new Date(h.value as number) };
    case "uuid":
      return { type: "uuid", value: h.value_uuid! };
    default:
      throw new Error(`unknown type ${h.type_name}`);
  }
}

function expectedMessage(v: Vector): EventStreamMessage {
  const headers: EventStreamHeaders = {};
  for (const h of v.decoded.headers) headers[h.name] = expectedHeader(h);
  return { headers, body: fromBase64(v.decoded.payload_base64) };
}

function assertSameMessage(actual: EventStreamMessage, expected: EventStreamMessage): void {
  assert.deepEqual(Object.keys(actual.headers), Object.keys(expected.headers));
  for (const [name, h] of Object.entries(expected.headers)) {
    const a = actual.headers[name]!;
    assert.equal(a.type, h.type, name);
    if (h.value instanceof Uint8Array) {
      assert.deepEqual([...(a.value as Uint8Array)], [...h.value], name);
    } else if (h.value instanceof Date) {
      assert.equal((a.value as Date).getTime(), h.value.getTime(), name);
    } else assert.equal(a.value, h.value, name);
  }
  assert.deepEqual([...actual.body], [...expected.body]);
}

for (const v of VECTORS.positive) {
  Deno.test(`EventStreamDecoder decodes the aws-sdk-go vector ${v.name} to its typed form`, () => {
    const bytes = new Uint8Array(
      readFileSync(join(SPEC_DIR, "eventstream", "encoded", "positive", v.name)),
    );
    assert.equal(toHex(bytes), v.encoded_hex);
    const [msg, ...rest] = decodeChunks([bytes]);
    assert.equal(rest.length, 0);
    assertSameMessage(msg!, expectedMessage(v));
    assert.equal(bytes.length, v.decoded.total_length);
    assert.equal(crc32(0, bytes, 0, 8), v.decoded.prelude_crc);
    assert.equal(crc32(0, bytes, 0, bytes.length - 4), v.decoded.message_crc);
  });

  Deno.test(`encodeEventStreamMessage() re-encodes the aws-sdk-go vector ${v.name} byte for byte`, () => {
    assert.equal(toHex(encodeEventStreamMessage(expectedMessage(v))), v.encoded_hex);
  });

  Deno.test(`EventStreamDecoder decodes ${v.name} split at every byte offset and in 1-byte chunks`, () => {
    const bytes = fromHex(v.encoded_hex);
    const expected = expectedMessage(v);
    // Two frames back to back so splits also land inside the second frame.
    const two = new Uint8Array(bytes.length * 2);
    two.set(bytes);
    two.set(bytes, bytes.length);
    for (let split = 0; split <= two.length; split++) {
      const msgs = decodeChunks([two.subarray(0, split), two.subarray(split)]);
      assert.equal(msgs.length, 2, `split ${split}`);
      for (const m of msgs) assertSameMessage(m, expected);
    }
    const ones = decodeChunks(Array.from(two, (_, i) => two.subarray(i, i + 1)));
    assert.equal(ones.length, 2);
    for (const m of ones) assertSameMessage(m, expected);
  });
}

for (const v of VECTORS.negative) {
  Deno.test(`EventStreamDecoder rejects the aws-sdk-go vector ${v.name} with "${v.expected_error}"`, () => {
    const bytes = new Uint8Array(
      readFileSync(join(SPEC_DIR, "eventstream", "encoded", "negative", v.name)),
    );
    const expectedReason = v.expected_error === "Prelude checksum mismatch"
      ? "prelude-crc"
      : "message-crc";
    for (const chunks of [[bytes], Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))]) {
      assert.throws(() => decodeChunks(chunks), (e: unknown) => {
        assert.ok(e instanceof EventStreamError);
        assert.equal(e.reason, expectedReason);
        assert.equal(e.offset, 0);
        assert.match(e.message, new RegExp(v.expected_error!));
        return true;
      });
    }
  });
}

Deno.test("crc32() matches the IEEE check value for '123456789' at every alignment", () => {
  const text = new TextEncoder().encode("xxxxxxxx123456789");
  for (let start = 0; start <= 8; start++) {
    const bytes = text.subarray(8 - start);
    assert.equal(crc32(0, bytes, start, bytes.length), 0xcbf43926);
  }
  assert.equal(crc32(crc32(0, text, 8, 12), text, 12, 17), 0xcbf43926);
});

Deno.test("crc32() matches a bitwise reference on every length and offset up to 64 bytes", () => {
  const bytes = Uint8Array.from({ length: 80 }, (_, i) => (i * 151 + 7) & 0xff);
  const slow = (from: number, to: number) => {
    let c = 0xffffffff;
    for (let i = from; i < to; i++) {
      c ^= bytes[i]!;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
    return (c ^ 0xffffffff) >>> 0;
  };
  for (let from = 0; from < 16; from++) {
    for (let to = from; to <= from + 64; to++) {
      assert.equal(crc32(0, bytes, from, to), slow(from, to));
    }
  }
});
