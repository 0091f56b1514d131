/**
 * Response deserialization: header members, JSON bodies (blobs from base64, unknown union members
 * as `$unknown`), raw payloads and event streams.
 *
 * @module
 */
import { OPERATIONS } from "./_schema.ts";
import { deserializeShape, memberNode } from "./serde.ts";
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

/** Deserializes a non-stream response (JSON or blob payload) into the SDK's output shape. */
export function deserializeResponse(
  operation: OperationName,
  res: RawResponse,
): Record<string, unknown> {
  const op = OPERATIONS[operation];
  let out: Record<string, unknown>;
  if (op.outPayload) {
    out = { [op.outPayload]: res.body };
  } else if (res.body.length === 0) {
    out = {};
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(UTF8.decode(res.body));
    } catch (cause) {
      throw new BedrockFetchError(
        `Cannot parse ${operation} response: the body is not JSON (HTTP ${res.$metadata.httpStatusCode})`,
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
  readHeaders(operation, res.headers, out);
  out.$metadata = res.$metadata;
  return out;
}

function readHeaders(
  operation: OperationName,
  headers: Headers,
  out: Record<string, unknown>,
): void {
  for (const [member, header] of OPERATIONS[operation].outHeaders ?? []) {
    const value = headers.get(header);
    if (value !== null) out[member] = value;
  }
}

/**
 * The output of an event-stream operation (ConverseStream, InvokeModelWithResponseStream): header
 * members, the events under the output's stream member, and the metadata. Like the AWS SDK, the
 * first event is read before the call resolves, so an exception as the first frame rejects the call.
 */
export async function streamOutput(
  operation: OperationName,
  res: RawResponse,
): Promise<Record<string, unknown>> {
  const op = OPERATIONS[operation];
  const events = decodeBedrockEvents(res.stream ?? new Uint8Array(0), {
    $metadata: res.$metadata,
    knownEvents: new Set(op.events!.split(",")),
  });
  const first = await events.next();
  const member = op.outPayload!;
  const out: Record<string, unknown> = {
    [member]: new EventIterator(
      events,
      first,
      memberNode(op.output, member),
      operation === "ConverseStream",
    ),
  };
  readHeaders(operation, res.headers, out);
  out.$metadata = res.$metadata;
  return out;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * Maps decoded events to the stream union (blobs decoded, unknown union members kept), and for
 * ConverseStream turns an end without `messageStop` into a {@linkcode BedrockStreamError}.
 * `return()` (a `break` in `for await`) cancels the body.
 */
class EventIterator<T> implements AsyncIterableIterator<T> {
  #inner: AsyncIterableIterator<Record<string, unknown>>;
  #node: number | undefined;
  #needStop: boolean;
  #stopped = false;
  #done = false;
  #first: IteratorResult<Record<string, unknown>> | undefined;

  constructor(
    inner: AsyncIterableIterator<Record<string, unknown>>,
    first: IteratorResult<Record<string, unknown>>,
    node: number | undefined,
    needStop: boolean,
  ) {
    this.#inner = inner;
    this.#first = first;
    this.#node = node;
    this.#needStop = needStop;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.#done) return Promise.resolve(DONE);
    const first = this.#first;
    if (first !== undefined) {
      this.#first = undefined;
      try {
        return Promise.resolve(this.#map(first));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#inner.next().then(this.#onResult, this.#onError);
  }

  #onResult = (r: IteratorResult<Record<string, unknown>>): IteratorResult<T> => this.#map(r);

  #onError = (error: unknown): never => {
    this.#done = true;
    throw error;
  };

  #map(r: IteratorResult<Record<string, unknown>>): IteratorResult<T> {
    if (r.done) {
      this.#done = true;
      if (this.#needStop && !this.#stopped) {
        throw new BedrockStreamError(
          "Cannot finish ConverseStream: the stream ended without messageStop",
        );
      }
      return DONE;
    }
    const event = r.value;
    if (this.#needStop && event.messageStop !== undefined) this.#stopped = true;
    return { done: false, value: deserializeShape(this.#node, event) as T };
  }

  async return(): Promise<IteratorResult<T>> {
    this.#done = true;
    await this.#inner.return?.();
    return DONE;
  }
}
