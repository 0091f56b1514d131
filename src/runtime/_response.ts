/**
 * Response deserialization: header members, JSON bodies (blobs from base64, unknown union members
 * as `$unknown`), raw payloads and event streams.
 *
 * @module
 */
import { OPERATIONS } from "./_schema.ts";
import { deserializeShape } from "./serde.ts";
import type { OperationName } from "./_request.ts";
import { decodeBedrockEvents } from "../eventstream/bedrock.ts";
import { BedrockFetchError, BedrockStreamError, type ResponseMetadata } from "../errors.ts";

/** The parts of a transport response that deserialization reads. */
export interface RawResponse {
  /** Response headers. */
  headers: Headers;
  /** The whole body of a non-stream response. */
  body: Uint8Array;
  /** The body of a stream response. */
  stream: ReadableStream<Uint8Array> | null;
  /** The response metadata. */
  $metadata: ResponseMetadata;
}

const UTF8 = new TextDecoder();
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Shapes a 2xx response into the SDK's output: the JSON body (blobs decoded, unknown union members
 * as `$unknown`), a raw payload, or the events of a stream; then header members and `$metadata`.
 * Like the AWS SDK, the first event of a stream is read before the call resolves, so an exception
 * as the first frame rejects the call.
 */
export async function deserializeResponse(
  operation: OperationName,
  res: RawResponse,
): Promise<Record<string, unknown>> {
  const op = OPERATIONS[operation];
  const member = op.outPayload;
  const status = res.$metadata.httpStatusCode;
  let out: Record<string, unknown> = {};
  if (op.events) {
    const inner = decodeBedrockEvents(res.stream ?? new Uint8Array(0), {
      $metadata: res.$metadata,
      knownEvents: new Set(op.events.split(",")),
    });
    out[member!] = events(
      inner,
      await inner.next(),
      op.output,
      operation === "ConverseStream",
    );
  } else if (member) out[member] = res.body;
  else if (res.body.length) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(UTF8.decode(res.body));
    } catch (cause) {
      throw new BedrockFetchError(
        `Cannot parse ${operation} response: the body is not JSON (HTTP ${status})`,
        { cause },
      );
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new BedrockFetchError(
        `Cannot parse ${operation} response: the body is not a JSON object`,
      );
    }
    out = deserializeShape(op.output, parsed) as Record<string, unknown>;
  }
  for (const [name, header] of op.outHeaders ?? []) {
    const value = res.headers.get(header);
    if (value !== null) out[name] = value;
  }
  out.$metadata = res.$metadata;
  return out;
}

/**
 * Maps decoded events to the stream union (blobs decoded, unknown union members kept), and with
 * `needStop` turns an end without `messageStop` into a {@linkcode BedrockStreamError}.
 * `return()` (a `break` in `for await`) cancels the body.
 */
function events(
  inner: AsyncIterableIterator<Record<string, unknown>>,
  first: IteratorResult<Record<string, unknown>> | undefined,
  node: number | undefined,
  needStop: boolean,
): AsyncIterableIterator<unknown> {
  let done = false;
  let stopped = false;
  const map = (r: IteratorResult<Record<string, unknown>>): IteratorResult<unknown> => {
    if (r.done) {
      done = true;
      if (needStop && !stopped) {
        throw new BedrockStreamError(
          "Cannot finish ConverseStream: the stream ended without messageStop",
        );
      }
      return DONE;
    }
    if (r.value.messageStop !== undefined) stopped = true;
    return { done: false, value: deserializeShape(node, r.value) };
  };
  const fail = (error: unknown): never => {
    done = true;
    throw error;
  };
  const it: AsyncIterableIterator<unknown> = {
    [Symbol.asyncIterator]: () => it,
    next() {
      if (done) return Promise.resolve(DONE);
      const next = first ? Promise.resolve(first) : inner.next();
      first = undefined;
      return next.then(map, fail);
    },
    async return() {
      done = true;
      await inner.return?.();
      return DONE;
    },
  };
  return it;
}
