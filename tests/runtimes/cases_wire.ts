// Conformance cases for the wire layers: SigV4 against published and derived vectors, the
// event-stream codec against the aws-sdk-go vectors and a slice of the shared ConverseStream fixture.

import {
  assert,
  assertEquals,
  assertRejects,
  type Case,
  type ConformanceData,
  fromBase64,
  fromHex,
  type Lib,
  pick,
  toHex,
} from "./conformance.ts";

interface SignedRequest {
  method: string;
  url: string | URL;
  headers: Headers;
}
interface Signer {
  sign(
    req: { method: string; url: string; headers: Record<string, string>; body?: string },
    opts: { date: Date },
  ): Promise<SignedRequest>;
  presign(
    req: { method: string; url: string; headers: Record<string, string> },
    opts: { date: Date; expiresIn: number; payloadHash?: string },
  ): Promise<URL | string>;
}
type SignerClass = new (opts: Record<string, unknown>) => Signer;

interface HeaderValue {
  type: string;
  value: unknown;
}
interface Message {
  headers: Record<string, HeaderValue>;
  body: Uint8Array;
}
type Decode = (
  src: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
) => AsyncIterable<Message>;
type Encode = (msg: { headers: Record<string, HeaderValue>; body: Uint8Array }) => Uint8Array;

const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const TYPE_NAMES: Record<string, string> = {
  bool_true: "boolean",
  bool_false: "boolean",
  byte: "byte",
  short: "short",
  integer: "integer",
  long: "long",
  byte_array: "binary",
  string: "string",
  timestamp: "timestamp",
  uuid: "uuid",
};

/** The typed header values the library should produce for a vectors.json header. */
function expectedHeader(h: Record<string, unknown>): HeaderValue {
  const type = TYPE_NAMES[String(h.type_name)] ?? "?";
  switch (type) {
    case "long":
      return { type, value: BigInt(h.value as number) };
    case "binary":
      return { type, value: fromBase64(String(h.value_base64)) };
    case "timestamp":
      return { type, value: new Date(h.value as number) };
    case "uuid":
      return { type, value: String(h.value_uuid) };
    default:
      return { type, value: h.value };
  }
}

function normalizeHeader(h: HeaderValue): HeaderValue {
  if (h.type === "uuid") {
    const hex = String(h.value).replaceAll("-", "").toLowerCase();
    const u = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
      hex.slice(20)
    }`;
    return { type: h.type, value: u };
  }
  if (h.type === "timestamp" && h.value instanceof Date) return { type: h.type, value: h.value };
  return h;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(decode: Decode, bytes: Uint8Array, size: number): Promise<Message[]> {
  const out: Message[] = [];
  for await (const m of decode(chunked(bytes, size))) out.push(m);
  return out;
}

function signerCases(lib: Lib, data: ConformanceData): Case[] {
  const cases: Case[] = [];
  for (const v of data.sigv4) {
    const make = () =>
      new (pick<SignerClass>(lib.sigv4, "SigV4Signer"))({
        region: v.region,
        service: v.service,
        credentials: v.credentials,
      });
    cases.push({
      name: `SigV4Signer.sign() matches the aws-c-auth vector ${v.name}`,
      needs: ["sigv4"],
      fn: async () => {
        const signed = await make().sign(
          { method: v.method, url: v.url, headers: Object.fromEntries(v.headers) },
          { date: new Date(v.timestamp) },
        );
        assertEquals(signed.headers.get("authorization"), v.authorization, "Authorization");
      },
    });
    if (v.presignSignature) {
      cases.push({
        name: `SigV4Signer.presign() matches the aws-c-auth vector ${v.name}`,
        needs: ["sigv4"],
        fn: async () => {
          const url = await make().presign(
            { method: v.method, url: v.url, headers: Object.fromEntries(v.headers) },
            // aws-c-auth presigns with the empty body's hash (sign_body: false), not UNSIGNED-PAYLOAD.
            { date: new Date(v.timestamp), expiresIn: v.expiresIn, payloadHash: EMPTY_SHA256 },
          );
          const sig = new URL(String(url)).searchParams.get("X-Amz-Signature");
          assertEquals(sig, v.presignSignature, "X-Amz-Signature");
        },
      });
    }
  }
  for (const c of data.bedrockSigv4) {
    const creds = c.credentials as Record<string, string>;
    const expected = c.expected as Record<string, string>;
    cases.push({
      name: `SigV4Signer.sign() matches the derived Bedrock example ${c.name}`,
      needs: ["sigv4"],
      fn: async () => {
        const Signer = pick<SignerClass>(lib.sigv4, "SigV4Signer");
        const credentials: Record<string, string> = {
          accessKeyId: String(creds.access_key_id),
          secretAccessKey: String(creds.secret_access_key),
        };
        if (creds.session_token ?? creds.token) {
          credentials.sessionToken = String(creds.session_token ?? creds.token);
        }
        const signer = new Signer({ region: c.region, service: c.service, credentials });
        const signed = await signer.sign(
          {
            method: String(c.method),
            url: String(c.url),
            headers: c.request_headers_before_signing as Record<string, string>,
            body: String(c.body_utf8),
          },
          { date: new Date(String(c.timestamp)) },
        );
        assertEquals(signed.headers.get("authorization"), expected.authorization, "Authorization");
        assertEquals(String(signed.url), c.url, "wire URL");
      },
    });
  }
  return cases;
}

function codecCases(lib: Lib, data: ConformanceData): Case[] {
  const decode = () => pick<Decode>(lib.eventstream, "decodeEventStream");
  const cases: Case[] = [];
  for (const v of data.eventstream.positive) {
    const bytes = fromHex(String(v.encoded_hex));
    const d = v.decoded as Record<string, unknown>;
    const headers = (d.headers as Array<Record<string, unknown>>).map((
      h,
    ) => [String(h.name), expectedHeader(h)]);
    cases.push({
      name: `decodeEventStream() decodes the aws-sdk-go vector ${v.name}, fed 3 bytes at a time`,
      needs: ["eventstream"],
      fn: async () => {
        const msgs = await collect(decode(), bytes, 3);
        assertEquals(msgs.length, 1, "message count");
        const m = msgs[0]!;
        const got = Object.entries(m.headers).map(([k, h]) => [k, normalizeHeader(h)]);
        assertEquals(got, headers, "headers");
        assertEquals(toHex(m.body), toHex(fromBase64(String(d.payload_base64))), "payload");
      },
    });
    cases.push({
      name: `encodeEventStreamMessage() reproduces the aws-sdk-go vector ${v.name} byte for byte`,
      needs: ["eventstream"],
      fn: () => {
        const encode = pick<Encode>(lib.eventstream, "encodeEventStreamMessage");
        const out = encode({
          headers: Object.fromEntries(headers as Array<[string, HeaderValue]>),
          body: fromBase64(String(d.payload_base64)),
        });
        assertEquals(toHex(out), toHex(bytes), "encoded bytes");
      },
    });
  }
  for (const v of data.eventstream.negative) {
    cases.push({
      name: `decodeEventStream() rejects the aws-sdk-go vector ${v.name} with EventStreamError`,
      needs: ["eventstream", "errors"],
      fn: async () => {
        const err = await assertRejects(
          () => collect(decode(), fromHex(String(v.encoded_hex)), 64),
          String(v.name),
        );
        const EventStreamError = pick<new () => Error>(lib.errors, "EventStreamError");
        assert(err instanceof EventStreamError, `expected EventStreamError, got ${String(err)}`);
      },
    });
  }
  const chunk = data.converseChunk;
  cases.push({
    name:
      `decodeEventStream() agrees with @smithy/eventstream-codec on ${chunk.messages} fixture messages`,
    needs: ["eventstream"],
    fn: async () => {
      const bytes = fromBase64(chunk.base64);
      for (const size of [7, 1000, bytes.length]) {
        const counts: Record<string, number> = {};
        let textLength = 0;
        const stream = new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
            c.close();
          },
        });
        for await (const m of decode()(stream)) {
          const type = String(m.headers[":event-type"]?.value);
          counts[type] = (counts[type] ?? 0) + 1;
          const body = JSON.parse(new TextDecoder().decode(m.body));
          textLength += (body.delta?.text ?? "").length + (body.delta?.toolUse?.input ?? "").length;
        }
        assertEquals(counts, chunk.eventTypes, `event counts (chunks of ${size})`);
        assertEquals(textLength, chunk.textLength, `delta text length (chunks of ${size})`);
      }
    },
  });
  cases.push({
    name: "decodeEventStream() rejects a flipped payload bit and a truncated final frame",
    needs: ["eventstream", "errors"],
    fn: async () => {
      const EventStreamError = pick<new () => Error>(lib.errors, "EventStreamError");
      const good = fromHex(String(data.eventstream.positive[0]!.encoded_hex));
      const flipped = good.slice();
      flipped[flipped.length - 6]! ^= 1;
      const e1 = await assertRejects(() => collect(decode(), flipped, 16), "bad CRC");
      assert(e1 instanceof EventStreamError, `bad CRC: got ${String(e1)}`);
      const twice = new Uint8Array([...good, ...good.slice(0, good.length - 5)]);
      const e2 = await assertRejects(() => collect(decode(), twice, 16), "truncated");
      assert(e2 instanceof EventStreamError, `truncated: got ${String(e2)}`);
    },
  });
  return cases;
}

/** SigV4 and event-stream cases. */
export function wireCases(lib: Lib, data: ConformanceData): Case[] {
  return [...signerCases(lib, data), ...codecCases(lib, data)];
}
