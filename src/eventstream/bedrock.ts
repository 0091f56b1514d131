/**
 * Bedrock's message layer over the frame decoder: `event` frames become `{ [eventType]: payload }`
 * with the `p` padding dropped, `exception` frames throw the modeled exception class, `error`
 * frames throw a service exception named by `:error-code`.
 *
 * @module
 */
import {
  type BedrockFetchErrorOptions,
  BedrockRuntimeServiceException,
  createServiceException,
  EventStreamError,
  type ResponseMetadata,
} from "../errors.ts";
import {
  type DecodeEventStreamOptions,
  type EventStreamSource,
  iterateFrames,
  SKIP,
} from "./stream.ts";
import type { Frames } from "./_frames.ts";
import { utf8 } from "./headers.ts";
import type { EventStreamHeaders, EventStreamMessage } from "./types.ts";

/** Options of {@linkcode decodeBedrockEvents} and {@linkcode decodeBedrockPayloads}. */
export interface DecodeBedrockEventsOptions extends DecodeEventStreamOptions {
  /** Response metadata attached to exceptions thrown for `exception`/`error` frames. */
  $metadata?: ResponseMetadata;
  /**
   * The event types the caller understands (the members of the operation's stream union). When
   * given, events of other types are handled per `unknown`; when absent, every event is handed out.
   */
  knownEvents?: ReadonlySet<string>;
  /**
   * What to do with an event whose type is not in `knownEvents`: `"skip"` it, or `"keep"` it as
   * `{ $unknown: [eventType, payload] }` (the AWS SDK's shape).
   *
   * @default {"skip"}
   */
  unknown?: "skip" | "keep";
  /**
   * Applied to every event before it is handed out, inside the decoder's own loop (cheaper than a
   * second async iterator on top).
   */
  map?: (event: BedrockEvent) => BedrockEvent;
  /** Called once when the stream ends cleanly, after the last frame; may throw to fail the stream. */
  onEnd?: () => void;
}

/** One Bedrock event before JSON parsing: its `:event-type` and its payload bytes (a view). */
export interface BedrockPayload {
  /** The `:event-type` header, e.g. `contentBlockDelta` or `chunk`. */
  eventType: string;
  /** The payload bytes (a view into the stream's buffer). */
  payload: Uint8Array;
}

/**
 * One decoded Bedrock event: `{ [eventType]: payload }` (e.g. `{ contentBlockDelta: { … } }`), or
 * `{ $unknown: [eventType, payload] }` for an unknown type kept with `unknown: "keep"`.
 *
 * @example
 * ```ts
 * import type { BedrockEvent } from "@bedrock-fetch/core/eventstream";
 * const e: BedrockEvent = { messageStop: { stopReason: "end_turn" } };
 * ```
 */
export type BedrockEvent = Record<string, unknown>;

function headerString(headers: EventStreamHeaders, name: string): string | undefined {
  const h = headers[name];
  return h?.type === "string" ? h.value : undefined;
}

function invalid(offset: number, message: string, options?: BedrockFetchErrorOptions): never {
  throw new EventStreamError("invalid-message", offset, message, options);
}

/** Throws for a message without its string `:<kind>-type` header. */
function missing(kind: string, offset: number): never {
  invalid(offset, `Cannot dispatch ${kind}: it has no string :${kind}-type header`);
}

function parseObject(bytes: Uint8Array, what: string, offset: number): Record<string, unknown> {
  let value: unknown, cause: Error | undefined;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (e) {
    cause = e as Error;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    invalid(offset, `Cannot parse ${what} payload: it is not a JSON object`, cause && { cause });
  }
  return value as Record<string, unknown>;
}

const SCRATCH = /* @__PURE__ */ new Uint8Array(4096);
/** `,"p":"` — the start of Bedrock's padding member. */
const PAD = [0x2c, 0x22, 0x70, 0x22, 0x3a, 0x22];

/**
 * Where Bedrock's padding member starts when the payload `b[from..to)` ends with
 * `,"p":"<no quote>"}` (the comma's index, after `from`), else -1. For valid JSON that tail can
 * only be a top-level member: the quote after the comma is unescaped, and nothing but the root's
 * closing brace follows the value.
 */
function paddingStart(b: Uint8Array, from: number, to: number): number {
  const n = to - from;
  if (n < 9 || n > 4096 || b[to - 1] !== 0x7d || b[to - 2] !== 0x22) return -1;
  let i = to - 3;
  while (i > from + 5 && b[i] !== 0x22) i--;
  i -= 5;
  for (let k = 0; k < 6; k++) if (b[i + k] !== PAD[k]) return -1;
  return i > from ? i : -1;
}

/**
 * Parses an event payload: UTF-8, `JSON.parse`, and Bedrock's `p` padding member dropped.
 *
 * @param payload The payload bytes.
 * @param offset The frame's stream offset, for the error.
 * @returns The event object.
 * @throws {EventStreamError} `invalid-message` when the payload is not a JSON object.
 * @example
 * ```ts
 * import { parseBedrockPayload } from "@bedrock-fetch/core/eventstream";
 * parseBedrockPayload(new TextEncoder().encode('{"contentBlockIndex":0,"p":"abc"}')); // { contentBlockIndex: 0 }
 * ```
 */
export function parseBedrockPayload(payload: Uint8Array, offset = 0): Record<string, unknown> {
  const cut = paddingStart(payload, 0, payload.length);
  if (cut > 0) {
    // Parse the payload without its trailing padding member: cheaper than parsing it and then
    // deleting it (a delete can also move the object off V8's fast path).
    SCRATCH.set(payload.subarray(0, cut));
    SCRATCH[cut] = 0x7d;
    payload = SCRATCH.subarray(0, cut + 1);
  }
  const value = parseObject(payload, "event", offset);
  if (value.p !== undefined) delete value.p;
  return value;
}

/**
 * Classifies one decoded message by `:message-type`: returns an event's type and payload, or
 * throws the exception an `exception`/`error` frame carries.
 *
 * @param msg A decoded message.
 * @param $metadata Response metadata for the thrown exceptions.
 * @param offset The frame's stream offset, for errors.
 * @returns The event type and payload.
 * @throws {BedrockRuntimeServiceException} For `exception` and `error` frames (the modeled class
 * when `:exception-type` names one).
 * @throws {EventStreamError} `invalid-message` when `:message-type` or `:event-type` is missing or
 * not a string, or `:message-type` is none of `event`, `exception`, `error`.
 * @example
 * ```ts
 * import { encodeEventStreamMessage, EventStreamDecoder, readBedrockMessage } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({
 *   headers: {
 *     ":message-type": { type: "string", value: "event" },
 *     ":event-type": { type: "string", value: "messageStop" },
 *   },
 *   body: new TextEncoder().encode('{"stopReason":"end_turn"}'),
 * });
 * const [msg] = new EventStreamDecoder().decode(frame);
 * readBedrockMessage(msg!).eventType; // "messageStop"
 * ```
 */
export function readBedrockMessage(
  msg: EventStreamMessage,
  $metadata: ResponseMetadata = {},
  offset = 0,
): BedrockPayload {
  return { eventType: eventTypeOf(msg, $metadata, offset), payload: msg.body };
}

/** {@linkcode readBedrockMessage}'s dispatch: an event's type, or the frame's exception thrown. */
function eventTypeOf(msg: EventStreamMessage, $metadata: ResponseMetadata, offset: number): string {
  const headers = msg.headers;
  const messageType = headerString(headers, ":message-type");
  if (messageType === "event") {
    return headerString(headers, ":event-type") ?? missing("event", offset);
  }
  if (messageType === "exception") {
    const type = headerString(headers, ":exception-type") ?? missing("exception", offset);
    let body: Record<string, unknown>;
    try {
      body = msg.body.length === 0 ? {} : parseObject(msg.body, "exception", offset);
    } catch {
      body = { message: utf8.decode(msg.body) };
    }
    throw createServiceException(type, body, $metadata);
  }
  if (messageType === "error") {
    const code = headerString(headers, ":error-code") ?? "UnknownError";
    throw new BedrockRuntimeServiceException({
      name: code,
      message: headerString(headers, ":error-message") ?? code,
      $fault: "server",
      $metadata,
    });
  }
  return messageType === undefined ? missing("message", offset) : invalid(
    offset,
    `Cannot dispatch message: unknown :message-type ${JSON.stringify(messageType)}`,
  );
}

/**
 * Decodes a Bedrock response stream into `(eventType, payload bytes)` pairs without parsing the
 * payloads, for callers that fuse their own parsing. Exceptions and error frames throw as in
 * {@linkcode decodeBedrockEvents}.
 *
 * @param source `response.body` or any byte source.
 * @param options Stream options, `$metadata`, `knownEvents` (unknown types are skipped).
 * @returns An async iterable of `{ eventType, payload }`.
 * @example
 * ```ts
 * import { decodeBedrockPayloads } from "@bedrock-fetch/core/eventstream";
 * const body = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
 * for await (const { eventType, payload } of decodeBedrockPayloads(body)) console.log(eventType, payload.length);
 * ```
 */
export function decodeBedrockPayloads(
  source: EventStreamSource,
  options: DecodeBedrockEventsOptions = {},
): AsyncIterableIterator<BedrockPayload> {
  const metadata = options.$metadata ?? {};
  const known = options.knownEvents;
  return iterateFrames<BedrockPayload>(source, options, (f: Frames) => {
    const event = readBedrockMessage(f, metadata, f.offset);
    return known === undefined || known.has(event.eventType) ? event : SKIP;
  });
}

/**
 * Decodes a Bedrock response stream (ConverseStream, InvokeModelWithResponseStream) into events
 * `{ [eventType]: payloadObject }`, with the `p` padding dropped. A `:message-type: exception`
 * frame throws the modeled exception class (`ThrottlingException`, `ModelStreamErrorException`, …)
 * with its members; an `error` frame throws a {@linkcode BedrockRuntimeServiceException} named by
 * `:error-code`; a corrupt stream throws an {@linkcode EventStreamError}.
 *
 * @param source `response.body` or any byte source.
 * @param options Stream options, `$metadata`, `knownEvents` and the `unknown` policy.
 * @returns An async iterable of events.
 * @example
 * ```ts
 * import { decodeBedrockEvents, encodeEventStreamMessage } from "@bedrock-fetch/core/eventstream";
 * const frame = encodeEventStreamMessage({
 *   headers: {
 *     ":message-type": { type: "string", value: "event" },
 *     ":event-type": { type: "string", value: "messageStop" },
 *   },
 *   body: new TextEncoder().encode('{"stopReason":"end_turn","p":"abcd"}'),
 * });
 * for await (const event of decodeBedrockEvents([frame])) console.log(event); // { messageStop: { stopReason: "end_turn" } }
 * ```
 */
export function decodeBedrockEvents(
  source: EventStreamSource,
  options: DecodeBedrockEventsOptions = {},
): AsyncIterableIterator<BedrockEvent> {
  const metadata = options.$metadata ?? {};
  const known = options.knownEvents;
  const keep = options.unknown === "keep";
  const batch = eventBatcher(options.map);
  /** The dispatch of the last header block: repeated blocks are the same (cached) object. */
  let last: EventStreamHeaders | undefined;
  let eventType = "";
  let unknown = false;
  return iterateFrames<BedrockEvent>(
    source,
    options,
    (f, out) => {
      try {
        while (f.next()) {
          if (f.headers !== last) {
            eventType = eventTypeOf(f, metadata, f.offset);
            unknown = known !== undefined && !known.has(eventType);
            last = f.headers;
          }
          if (unknown && !keep) continue;
          batch.add(eventType, f, unknown);
        }
      } finally {
        // Events decoded before a failing frame are handed out before its error.
        batch.flush(out);
      }
    },
    true,
    options.onEnd,
  );
}

function toEvent(
  eventType: string,
  value: Record<string, unknown>,
  unknown: boolean,
): BedrockEvent {
  if (unknown) return { $unknown: [eventType, value] };
  if (eventType === "__proto__") return { [eventType]: value };
  // An assignment to an empty literal is several times cheaper in V8 than a computed key.
  const event: BedrockEvent = {};
  event[eventType] = value;
  return event;
}

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
/** `{"contentBlockIndex":` */
const INDEX = /* @__PURE__ */ ascii('{"contentBlockIndex":');
/** `,"delta":{"` */
const DELTA = /* @__PURE__ */ ascii(',"delta":{"');
/** The delta members read without `JSON.parse`: text, tool input, reasoning text. */
const MEMBERS = /* @__PURE__ */ ['text":"', 'toolUse":{"input":"', 'reasoningContent":{"text":"']
  .map(ascii);
/** `{"bytes":"` (an InvokeModelWithResponseStream chunk). */
const BYTES = /* @__PURE__ */ ascii('{"bytes":"');

/** `b[i..end)` starts with `p`: the index after it, else -1. */
function skip(b: Uint8Array, i: number, end: number, p: Uint8Array): number {
  if (end - i < p.length) return -1;
  for (let k = 0; k < p.length; k++) if (b[i + k] !== p[k]) return -1;
  return i + p.length;
}

/** The last {@linkcode template} match: the index, the string's end in `out`, its UTF-16 length. */
let mIndex = 0, mEnd = 0, mUnits = 0;

/** 1 for the bytes a JSON string holds as they are: ASCII from 0x20, but `"` and `\\`. */
const PLAIN = /* @__PURE__ */ Uint8Array.from(
  { length: 256 },
  (_, c) => c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c ? 1 : 0,
);

/** The bytes JSON's one-character escapes stand for, by the character after the backslash. */
const ESCAPES: Record<number, number> = {
  0x22: 0x22,
  0x5c: 0x5c,
  0x2f: 0x2f,
  0x62: 8,
  0x66: 12,
  0x6e: 10,
  0x72: 13,
  0x74: 9,
};

/**
 * Matches the hot event shapes exactly, byte for byte, so that they skip `JSON.parse`: a text, tool
 * input or reasoning delta (`{"contentBlockIndex":N,"delta":{…:"S"}}`, ids 0-2) and an invoke chunk
 * (`{"bytes":"S"}`, id 3). `N` is 1-9 digits without a leading zero; `S` holds no raw control
 * character and no `\u` escape, and does not start with a UTF-8 continuation byte; its bytes,
 * unescaped, are written to `out` from `o`. `closed` says the payload's final `}` was cut
 * with the padding. Anything else (spaces, other members, other order) returns -1 and takes the
 * `JSON.parse` path.
 */
function template(
  b: Uint8Array,
  v: DataView,
  from: number,
  end: number,
  closed: boolean,
  out: Uint8Array,
  ov: DataView,
  o: number,
): number {
  let i = skip(b, from, end, INDEX), t = 3, n = 0;
  if (i > 0) {
    const d = i;
    while (i < end && i - d < 9 && b[i]! >= 0x30 && b[i]! <= 0x39) n = n * 10 + b[i++]! - 0x30;
    if (i === d || (b[d] === 0x30 && i - d > 1)) return -1;
    if ((i = skip(b, i, end, DELTA)) < 0) return -1;
    for (t = 0; t < 3 && skip(b, i, end, MEMBERS[t]!) < 0; t++);
    if (t === 3) return -1;
    i += MEMBERS[t]!.length;
  } else if ((i = skip(b, from, end, BYTES)) < 0) return -1;
  // The string, unescaped into `out`, and its UTF-16 length (to slice it out of the batch's text).
  // The batch's text is used only when it has no U+FFFD (so its UTF-8 was valid), so one check is
  // needed here: no string starts with a continuation byte, so no UTF-8 sequence can run from one
  // string into the next.
  if ((b[i]! & 0xc0) === 0x80) return -1;
  let c = 0;
  const s = i;
  // Four bytes at a time while all four are plain (ASCII from 0x20, not `"` or `\\`): one load,
  // one store. Each term has a byte's top bit set for a byte that is not plain (a byte >= 0x80, a
  // byte < 0x20, a byte equal to 0x22, a byte equal to 0x5c); the bytes after it go one by one.
  for (let w = 0, q = 0, k = 0; i + 4 <= end; i += 4, o += 4) {
    w = v.getInt32(i), q = w ^ 0x22222222, k = w ^ 0x5c5c5c5c;
    if ((w | (w - 0x20202020 & ~w) | (q - 0x01010101 & ~q) | (k - 0x01010101 & ~k)) & 0x80808080) {
      break;
    }
    ov.setInt32(o, w);
  }
  while (i < end && PLAIN[b[i]!]) out[o++] = b[i++]!;
  let units = i - s;
  for (;; i++) {
    if (i >= end) return -1;
    c = b[i]!;
    if (c < 0x80) {
      if (c < 0x20) return -1;
      if (c === 0x22) break;
      if (c === 0x5c && !(c = ESCAPES[b[++i]!]!)) return -1;
      units++;
    } else if (c >= 0xc0) units += c >= 0xf0 ? 2 : 1;
    out[o++] = c;
  }
  i++;
  for (let k = (t === 0 ? 2 : t === 3 ? 1 : 3) - (closed ? 1 : 0); k > 0; k--) {
    if (b[i++] !== 0x7d) return -1;
  }
  if (i !== end) return -1;
  mIndex = n, mEnd = o, mUnits = units;
  return t;
}

/** The object a template (see {@linkcode template}) stands for. */
function fromTemplate(t: number, index: number, s: string): Record<string, unknown> {
  return t === 3 ? { bytes: s } : {
    contentBlockIndex: index,
    delta: t === 0 ? { text: s } : t === 1 ? { toolUse: { input: s } } : {
      reasoningContent: { text: s },
    },
  };
}

/**
 * Collects the events of one chunk and parses them together. The hot shapes (text, tool input and
 * reasoning deltas, invoke chunks; see {@linkcode template}) are matched byte for byte and their
 * strings decoded with one `TextDecoder` call for the whole chunk: far cheaper than a decode and a
 * `JSON.parse` per event. Other payloads (message start and stop, metadata, …) are parsed one by one
 * by {@linkcode parseBedrockPayload}, which also reports a bad one at its frame's offset.
 */
function eventBatcher(map?: (event: BedrockEvent) => BedrockEvent) {
  /** The template strings of the batch, back to back. */
  let strings = new Uint8Array(16384);
  let stringsView = new DataView(strings.buffer);
  let used = 0;
  // Filled by index and rewound (not emptied) after each batch, so that they keep their capacity.
  let n = 0, nf = 0, nb = 0;
  const types: string[] = [];
  const offsets: number[] = [];
  /** Per event: its template id + 1 (0: parsed by JSON.parse), plus 8 when the type is unknown. */
  const kinds: number[] = [];
  /** Per template event: its index, its string's UTF-16 length and where its bytes end. */
  const fields: number[] = [];
  /** The payloads of the other events. */
  const bodies: (Uint8Array | undefined)[] = [];
  return {
    add(eventType: string, f: Frames, unknown: boolean): void {
      const b = f.bytes, start = f.start, stop = f.stop;
      const cut = paddingStart(b, start, stop);
      if (used + stop - start > strings.length) {
        const next = new Uint8Array(Math.max(strings.length * 2, used + stop - start));
        next.set(strings);
        strings = next;
        stringsView = new DataView(next.buffer);
      }
      const t = template(
        b,
        f.view,
        start,
        cut < 0 ? stop : cut,
        cut >= 0,
        strings,
        stringsView,
        used,
      );
      types[n] = eventType;
      offsets[n] = f.offset;
      kinds[n++] = t + 1 + (unknown ? 8 : 0);
      if (t < 0) bodies[nb++] = f.body;
      else fields[nf++] = mIndex, fields[nf++] = mUnits, fields[nf++] = used = mEnd;
    },
    flush(out: BedrockEvent[]): void {
      // Without U+FFFD the bytes were valid UTF-8 (a fatal decoder costs 3-4x more on Deno); with
      // one (invalid bytes, rarely the character itself), each string is decoded alone below, as
      // JSON.parse(TextDecoder) would.
      let text: string | undefined = used ? utf8.decode(strings.subarray(0, used)) : "";
      if (text.includes("\ufffd")) text = undefined;
      try {
        for (let i = 0, k = 0, g = 0, at = 0; i < n; i++) {
          const t = (kinds[i]! & 7) - 1;
          let value: Record<string, unknown>;
          if (t < 0) {
            value = parseBedrockPayload(bodies[g]!, offsets[i]);
            bodies[g++] = undefined; // no reference to the chunk is kept
          } else {
            value = fromTemplate(
              t,
              fields[k]!,
              text?.slice(at, at += fields[k + 1]!) ??
                utf8.decode(strings.subarray(k ? fields[k - 1] : 0, fields[k + 2])),
            );
            k += 3;
          }
          const event = toEvent(types[i]!, value, kinds[i]! > 7);
          out.push(map ? map(event) : event);
        }
      } finally {
        n =
          nf =
          nb =
          used =
            0;
      }
    },
  };
}
