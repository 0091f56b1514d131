import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { BedrockRuntimeClient, ConverseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import { FIXTURES_DIR } from "../_spec.ts";
import {
  type BedrockEvent,
  decodeBedrockEvents,
  decodeBedrockPayloads,
  encodeEventStreamMessage,
  type EventStreamHeaders,
  parseBedrockPayload,
} from "../../src/eventstream/mod.ts";
import {
  BedrockRuntimeServiceException,
  EventStreamError,
  ModelStreamErrorException,
  SERVICE_EXCEPTIONS,
  ThrottlingException,
} from "../../src/errors.ts";

const enc = new TextEncoder();
const str = (value: string) => ({ type: "string", value }) as const;
const event = (type: string, json: string) =>
  encodeEventStreamMessage({
    headers: {
      ":event-type": str(type),
      ":content-type": str("application/json"),
      ":message-type": str("event"),
    },
    body: enc.encode(json),
  });
const exception = (type: string, json: string) =>
  encodeEventStreamMessage({
    headers: {
      ":exception-type": str(type),
      ":content-type": str("application/json"),
      ":message-type": str("exception"),
    },
    body: enc.encode(json),
  });

async function collect(
  source: Uint8Array[],
  options = {},
): Promise<{ events: BedrockEvent[]; error?: unknown }> {
  const events: BedrockEvent[] = [];
  try {
    for await (const e of decodeBedrockEvents(source, options)) events.push(e);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

/** Runs the real AWS SDK's ConverseStream deserializer over the same bytes. */
async function sdkCollect(frames: Uint8Array[]): Promise<{ events: unknown[]; error?: unknown }> {
  const client = new BedrockRuntimeClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
    requestHandler: {
      handle: () =>
        Promise.resolve({
          response: {
            statusCode: 200,
            headers: { "content-type": "application/vnd.amazon.eventstream" },
            body: Readable.from(frames),
          },
        }),
    } as never,
  });
  const events: unknown[] = [];
  try {
    const out = await client.send(new ConverseStreamCommand({ modelId: "m", messages: [] }));
    for await (const e of out.stream!) events.push(e);
    return { events };
  } catch (error) {
    return { events, error };
  } finally {
    client.destroy();
  }
}

const CONVERSE_EVENTS = new Set([
  "messageStart",
  "contentBlockStart",
  "contentBlockDelta",
  "contentBlockStop",
  "messageStop",
  "metadata",
]);

function fixtureFrames(file: string, count: number): Uint8Array[] {
  const bin = new Uint8Array(readFileSync(join(FIXTURES_DIR, file)));
  const frames: Uint8Array[] = [];
  let at = 0;
  while (at < bin.length && frames.length < count) {
    const n = new DataView(bin.buffer, at).getUint32(0);
    frames.push(bin.subarray(at, at + n));
    at += n;
  }
  return frames;
}

Deno.test("decodeBedrockEvents() matches @aws-sdk/client-bedrock-runtime ConverseStream on the whole converse fixture", async () => {
  const frames = fixtureFrames("converse-stream.bin", 10_000);
  const ours = await collect(frames, { knownEvents: CONVERSE_EVENTS });
  const theirs = await sdkCollect(frames);
  assert.equal(ours.error, undefined);
  assert.equal(theirs.error, undefined);
  assert.equal(ours.events.length, 10_000);
  assert.deepEqual(ours.events, JSON.parse(JSON.stringify(theirs.events)));
});

for (
  const type of [
    "modelStreamErrorException",
    "throttlingException",
    "validationException",
    "internalServerException",
    "serviceUnavailableException",
  ]
) {
  Deno.test(`decodeBedrockEvents() throws the same ${type} as the AWS SDK after the events before it, skipping unknown events`, async () => {
    const frames = [
      event("messageStart", '{"role":"assistant","p":"abc"}'),
      event("brandNewEvent", '{"x":1,"p":"abc"}'),
      event("contentBlockDelta", '{"contentBlockIndex":0,"delta":{"text":"hi"},"p":"abcdef"}'),
      exception(type, '{"message":"boom","originalStatusCode":503,"originalMessage":"upstream"}'),
      event("messageStop", '{"stopReason":"end_turn"}'),
    ];
    const ours = await collect(frames, {
      knownEvents: CONVERSE_EVENTS,
      $metadata: { requestId: "r-1" },
    });
    const theirs = await sdkCollect(frames);
    assert.deepEqual(ours.events, JSON.parse(JSON.stringify(theirs.events)));
    const a = ours.error as BedrockRuntimeServiceException;
    const b = theirs.error as BedrockRuntimeServiceException & Record<string, unknown>;
    assert.ok(a instanceof BedrockRuntimeServiceException);
    assert.ok(a instanceof SERVICE_EXCEPTIONS[b.name]!);
    assert.equal(a.name, b.name);
    assert.equal(a.message, b.message);
    assert.equal(a.$fault, b.$fault);
    assert.deepEqual(a.$metadata, { requestId: "r-1" });
    for (const member of ["originalStatusCode", "originalMessage"]) {
      assert.equal((a as unknown as Record<string, unknown>)[member], b[member], member);
    }
  });
}

Deno.test("decodeBedrockEvents() maps every modeled :exception-type to its class", async () => {
  for (const [name, Cls] of Object.entries(SERVICE_EXCEPTIONS)) {
    const lower = name[0]!.toLowerCase() + name.slice(1);
    const { error } = await collect([exception(lower, '{"message":"m"}')]);
    assert.ok(error instanceof Cls, name);
    assert.equal((error as Error).name, name);
  }
  const { error } = await collect([exception("someFutureException", '{"message":"m"}')]);
  assert.ok(error instanceof BedrockRuntimeServiceException);
  assert.equal((error as Error).name, "someFutureException");
});

Deno.test("decodeBedrockEvents() throws an error frame as a service exception named by :error-code", async () => {
  const frame = encodeEventStreamMessage({
    headers: {
      ":message-type": str("error"),
      ":error-code": str("InternalFailure"),
      ":error-message": str("it broke"),
    },
  });
  const { events, error } = await collect([event("messageStart", '{"role":"assistant"}'), frame]);
  assert.equal(events.length, 1);
  assert.ok(error instanceof BedrockRuntimeServiceException);
  assert.equal(error.name, "InternalFailure");
  assert.equal(error.message, "it broke");
});

Deno.test("decodeBedrockEvents() rejects a missing or unknown :message-type and a missing :event-type", async () => {
  const cases: EventStreamHeaders[] = [
    { ":event-type": str("chunk") },
    { ":message-type": str("bogus"), ":event-type": str("chunk") },
    { ":message-type": { type: "integer", value: 1 }, ":event-type": str("chunk") },
    { ":message-type": str("event") },
  ];
  const first = event("chunk", "{}");
  for (const headers of cases) {
    const { events, error } = await collect([
      first,
      encodeEventStreamMessage({ headers, body: enc.encode("{}") }),
    ]);
    assert.equal(events.length, 1);
    assert.ok(error instanceof EventStreamError, JSON.stringify(headers));
    assert.equal(error.reason, "invalid-message");
    assert.equal(error.offset, first.length);
  }
});

Deno.test("decodeBedrockEvents() keeps unknown events as $unknown when asked and hands out all events without knownEvents", async () => {
  const frames = [event("chunk", '{"bytes":"e30=","p":"xyz"}'), event("future", '{"a":1,"p":"q"}')];
  const kept = await collect(frames, { knownEvents: new Set(["chunk"]), unknown: "keep" });
  assert.deepEqual(kept.events, [{ chunk: { bytes: "e30=" } }, { $unknown: ["future", { a: 1 }] }]);
  const all = await collect(frames);
  assert.deepEqual(all.events, [{ chunk: { bytes: "e30=" } }, { future: { a: 1 } }]);
});

Deno.test("decodeBedrockPayloads() hands out event types and payload bytes and throws modeled exceptions", async () => {
  const frames = [
    event("chunk", '{"bytes":"e30="}'),
    exception("throttlingException", '{"message":"slow down"}'),
  ];
  const seen: string[] = [];
  await assert.rejects(async () => {
    for await (const { eventType, payload } of decodeBedrockPayloads(frames)) {
      seen.push(`${eventType}:${new TextDecoder().decode(payload)}`);
    }
  }, (e) => e instanceof ThrottlingException && e.message === "slow down");
  assert.deepEqual(seen, ['chunk:{"bytes":"e30="}']);
});

Deno.test("parseBedrockPayload() drops p wherever it sits and rejects non-objects", () => {
  assert.deepEqual(parseBedrockPayload(enc.encode('{"p":"x","a":1}')), { a: 1 });
  assert.deepEqual(parseBedrockPayload(enc.encode('{"a":{"p":1}}')), { a: { p: 1 } });
  assert.throws(() => parseBedrockPayload(enc.encode("[1]")), EventStreamError);
  assert.throws(() => parseBedrockPayload(enc.encode("{")), EventStreamError);
});

Deno.test("an exception payload that is not JSON still becomes the modeled exception", async () => {
  const { error } = await collect([exception("modelStreamErrorException", "not json")]);
  assert.ok(error instanceof ModelStreamErrorException);
  assert.equal(error.message, "not json");
});

Deno.test("parseBedrockPayload() strips only a top-level trailing p and matches JSON.parse minus p", () => {
  const cases = [
    '{"a":1,"p":"abc"}',
    '{"p":"abc"}',
    '{"a":{"p":"x"}}',
    '{"a":{"b":1,"p":"x"}}',
    '{"t":"x\\",\\"p\\":\\"abc"}',
    '{"t":"x\\\\","p":"abc"}',
    '{"p":"first","a":1,"p":"second"}',
    '{"a":1,"p":"ab\\"c"}',
    '{"a":"\u00e9\u{1f600}","p":""}',
    '{"a":[1,{"p":"q"}],"p":"zz"}',
  ];
  for (const text of cases) {
    const expected = JSON.parse(text);
    delete expected.p;
    assert.deepEqual(parseBedrockPayload(enc.encode(text)), expected, text);
  }
  assert.throws(() => parseBedrockPayload(enc.encode('{"a":1,"p":"x}')), EventStreamError);
  assert.throws(() => parseBedrockPayload(enc.encode('[1,"p":"x"}')), EventStreamError);
});
