// The 100 Smithy restJson1 event-stream compliance cases (spec/eventstream/smithy-restjson1-event-stream-tests.json).
// Response events are decoded and dispatched with readBedrockMessage(); request events are encoded
// from params and compared semantically with the case's bytes. A tiny model-driven (de)serializer
// for the test model lives here; Bedrock's own events use only implicit JSON payloads.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SPEC_DIR } from "../_spec.ts";
import {
  encodeEventStreamMessage,
  type EventStreamHeaders,
  type EventStreamHeaderValue,
  type EventStreamMessage,
  readBedrockMessage,
} from "../../src/eventstream/mod.ts";
import {
  BedrockRuntimeServiceException,
  createServiceException,
  EventStreamError,
} from "../../src/errors.ts";
import { decodeChunks, fromBase64 } from "./_helpers.ts";

interface Member {
  target: string;
  traits?: Record<string, unknown>;
}
interface Shape {
  type: string;
  members?: Record<string, Member>;
  traits?: Record<string, unknown>;
}
interface TestEvent {
  type: "request" | "response";
  params?: Record<string, Record<string, unknown>>;
  headers?: Record<string, Record<string, unknown>>;
  body?: string;
  bytes?: string;
}
interface TestCase {
  id: string;
  events?: TestEvent[];
  initialRequest?: unknown;
  initialRequestParams?: unknown;
  initialResponse?: { code: number; headers: Record<string, string>; body?: string };
  initialResponseParams?: unknown;
  expectation?: { failure?: { errorId?: string } };
  appliesTo?: "client" | "server";
}

const spec = JSON.parse(
  readFileSync(join(SPEC_DIR, "eventstream", "smithy-restjson1-event-stream-tests.json"), "utf8"),
);
const shapes: Record<string, Shape> = spec.shapes;
const utf8 = new TextDecoder();
const enc = new TextEncoder();

const HEADER_TYPES: Record<string, EventStreamHeaderValue["type"]> = {
  Boolean: "boolean",
  Byte: "byte",
  Short: "short",
  Integer: "integer",
  Long: "long",
  Blob: "binary",
  String: "string",
  DateTime: "timestamp",
};

/** The expected header in the case's wrapped form → our typed value. */
function typedHeader(wrapped: Record<string, unknown>): EventStreamHeaderValue {
  const [[kind, v]] = Object.entries(wrapped) as [[string, unknown]];
  switch (kind) {
    case "string":
      return { type: "string", value: v as string };
    case "boolean":
      return { type: "boolean", value: v as boolean };
    case "byte":
    case "short":
    case "integer":
      return { type: kind, value: v as number };
    case "long":
      return { type: "long", value: BigInt(v as number) };
    case "blob":
      return { type: "binary", value: fromBase64(v as string) };
    case "timestamp":
      return { type: "timestamp", value: new Date(v as string) };
    default:
      throw new Error(`unknown header kind ${kind}`);
  }
}

function comparable(h: EventStreamHeaderValue): unknown {
  if (h.value instanceof Uint8Array) return [h.type, [...h.value]];
  if (h.value instanceof Date) return [h.type, h.value.getTime()];
  if (typeof h.value === "bigint") return [h.type, h.value.toString()];
  return [h.type, h.value];
}

function sameHeaders(a: EventStreamHeaders, b: EventStreamHeaders): void {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  for (const k of Object.keys(a)) assert.deepEqual(comparable(a[k]!), comparable(b[k]!), k);
}

/** Deserializes one dispatched event into `{ [member]: value }` using the test model. */
function deserialize(
  union: Shape,
  msg: EventStreamMessage,
  eventType: string,
  payload: Uint8Array,
): unknown {
  const member = union.members![eventType];
  assert.ok(member, `unknown event type ${eventType}`);
  const shape = shapes[member.target]!;
  const out: Record<string, unknown> = {};
  let implicit = false;
  for (const [name, m] of Object.entries(shape.members ?? {})) {
    if (m.traits && "eventHeader" in m.traits) {
      const h = msg.headers[name];
      if (h === undefined) continue;
      let v: unknown = h.value;
      if (h.value instanceof Uint8Array) v = utf8.decode(h.value);
      else if (h.value instanceof Date) v = h.value.toISOString().replace(".000Z", "Z");
      else if (typeof h.value === "bigint") v = Number(h.value);
      out[name] = v;
    } else if (m.traits && "eventPayload" in m.traits) {
      const target = shapes[m.target];
      out[name] = target === undefined ? utf8.decode(payload) : JSON.parse(utf8.decode(payload));
    } else implicit = true;
  }
  if (implicit && payload.length > 0) Object.assign(out, JSON.parse(utf8.decode(payload)));
  return { [eventType]: out };
}

/** Serializes `{ [member]: value }` into a message using the test model. */
function serialize(union: Shape, params: Record<string, Record<string, unknown>>): Uint8Array {
  const [[eventType, value]] = Object.entries(params) as [[string, Record<string, unknown>]];
  const shape = shapes[union.members![eventType]!.target]!;
  const isError = shape.traits !== undefined && "error" in shape.traits;
  const headers: EventStreamHeaders = isError
    ? {
      ":message-type": { type: "string", value: "exception" },
      ":exception-type": { type: "string", value: eventType },
    }
    : {
      ":message-type": { type: "string", value: "event" },
      ":event-type": { type: "string", value: eventType },
    };
  let body = new Uint8Array(0);
  let contentType: string | undefined;
  const implicit: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(shape.members ?? {})) {
    const v = value[name];
    if (v === undefined) continue;
    if (m.traits && "eventHeader" in m.traits) {
      const type = HEADER_TYPES[m.target]!;
      headers[name] = type === "binary"
        ? { type, value: enc.encode(v as string) }
        : type === "timestamp"
        ? { type, value: new Date(v as string) }
        : type === "long"
        ? { type, value: BigInt(v as number) }
        : ({ type, value: v } as EventStreamHeaderValue);
    } else if (m.traits && "eventPayload" in m.traits) {
      if (m.target === "Blob") {
        [body, contentType] = [enc.encode(v as string), "application/octet-stream"];
      } else if (m.target === "String") {
        [body, contentType] = [enc.encode(v as string), "text/plain"];
      } else [body, contentType] = [enc.encode(JSON.stringify(v)), "application/json"];
    } else implicit[name] = v;
  }
  if (Object.keys(implicit).length > 0) {
    [body, contentType] = [enc.encode(JSON.stringify(implicit)), "application/json"];
  }
  if (contentType !== undefined) headers[":content-type"] = { type: "string", value: contentType };
  return encodeEventStreamMessage({ headers, body });
}

const tally = {
  responseCases: 0,
  requestCases: 0,
  httpErrorCases: 0,
  serverOnly: [] as string[],
  httpBindingOnly: [] as string[],
};
const all: [string, TestCase][] = spec.operations.flatMap((
  op: { name: string; tests?: TestCase[] },
) => (op.tests ?? []).map((c) => [op.name, c] as [string, TestCase]));

for (const [opName, c] of all) {
  const op = spec.operations.find((o: { name: string }) => o.name === opName);
  const streamTarget = (side: "input" | "output") =>
    op[side]?.inline_structure?.stream?.target as string | undefined;
  if (c.appliesTo === "server") {
    tally.serverOnly.push(c.id);
    continue;
  }
  const fails = c.expectation?.failure !== undefined;
  if (!c.events) {
    if (c.initialResponse && c.initialResponse.code >= 300) {
      // An HTTP error before the stream: read as a JSON/typed error, never fed to the frame decoder.
      tally.httpErrorCases++;
      Deno.test(`Smithy ${c.id}: an HTTP ${c.initialResponse.code} before the stream becomes a service exception`, () => {
        const r = c.initialResponse!;
        const type = Object.entries(r.headers).find(([k]) =>
          k.toLowerCase() === "x-amzn-errortype"
        )?.[1] ?? "";
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(r.body ?? "{}");
        } catch { /* text body */ }
        const e = createServiceException(
          type || "UnknownError",
          body,
          { httpStatusCode: r.code },
          r.code,
        );
        assert.ok(e instanceof BedrockRuntimeServiceException);
        assert.equal(e.$fault, "server");
        if (c.expectation?.failure?.errorId) assert.equal(e.name, c.expectation.failure.errorId);
      });
    } else tally.httpBindingOnly.push(c.id);
    continue;
  }
  if (c.initialResponseParams === undefined && c.id.includes("MissingRequiredInitialResponse")) {
    // The failure is a missing required HTTP response header, not anything in the event bytes.
    tally.httpBindingOnly.push(c.id);
    continue;
  }
  for (const ev of c.events) assert.ok(ev.bytes !== undefined, c.id);
  const kind = c.events[0]!.type;
  if (kind === "response") {
    tally.responseCases++;
    const union = shapes[streamTarget("output")!]!;
    Deno.test(`Smithy ${c.id}: response event ${fails ? "fails as expected" : "decodes and dispatches"}`, () => {
      for (const ev of c.events!) {
        const [msg, ...rest] = decodeChunks([fromBase64(ev.bytes!)]);
        assert.equal(rest.length, 0);
        const expectedHeaders: EventStreamHeaders = {};
        for (const [k, v] of Object.entries(ev.headers ?? {})) expectedHeaders[k] = typedHeader(v);
        sameHeaders(msg!.headers, expectedHeaders);
        assert.equal(utf8.decode(msg!.body), ev.body ?? "");
        if (!fails) {
          const { eventType, payload } = readBedrockMessage(msg!);
          assert.deepEqual(deserialize(union, msg!, eventType, payload), ev.params);
          continue;
        }
        const errorId = c.expectation!.failure!.errorId;
        assert.throws(() => readBedrockMessage(msg!), (e: unknown) => {
          if (errorId === undefined) {
            return e instanceof EventStreamError ||
              (e instanceof BedrockRuntimeServiceException && !!ev.headers?.[":error-code"]);
          }
          // A modeled exception: the union member whose target is errorId, with its members.
          const member = Object.entries(union.members!).find(([, m]) => m.target === errorId)![0];
          assert.ok(e instanceof BedrockRuntimeServiceException);
          assert.equal(e.name, member);
          assert.equal(e.message, (ev.params![member] as { message: string }).message);
          return true;
        });
      }
    });
  } else {
    tally.requestCases++;
    const union = shapes[streamTarget("input")!]!;
    Deno.test(`Smithy ${c.id}: request event encodes to the same message`, () => {
      for (const ev of c.events!) {
        const ours = decodeChunks([serialize(union, ev.params!)])[0]!;
        const theirs = decodeChunks([fromBase64(ev.bytes!)])[0]!;
        sameHeaders(ours.headers, theirs.headers);
        const expectedHeaders: EventStreamHeaders = {};
        for (const [k, v] of Object.entries(ev.headers ?? {})) expectedHeaders[k] = typedHeader(v);
        sameHeaders(ours.headers, expectedHeaders);
        const [a, b] = [utf8.decode(ours.body), utf8.decode(theirs.body)];
        if (a.startsWith("{")) assert.deepEqual(JSON.parse(a), JSON.parse(b));
        else assert.equal(a, b);
      }
    });
  }
}

Deno.test("Smithy event-stream compliance: all 100 cases are accounted for", () => {
  const run = tally.responseCases + tally.requestCases + tally.httpErrorCases;
  console.log(
    `run: ${tally.responseCases} response-event, ${tally.requestCases} request-event, ${tally.httpErrorCases} HTTP-error; ` +
      `not applicable: ${tally.serverOnly.length} server-only, ${tally.httpBindingOnly.length} HTTP-binding-only (${
        tally.httpBindingOnly.join(", ")
      })`,
  );
  assert.equal(all.length, 100);
  assert.equal(run + tally.serverOnly.length + tally.httpBindingOnly.length, 100);
});
