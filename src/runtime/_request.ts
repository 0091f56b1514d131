/**
 * Request serialization: HTTP bindings from the generated table, JSON bodies with blobs in base64.
 *
 * @module
 */
import { OPERATIONS } from "./_schema.ts";
import { buildPath } from "./model_id.ts";
import { jsonText, toBytes } from "./serde.ts";
import { BedrockInputError } from "../errors.ts";

/** The operations the client serves. */
export type OperationName = keyof typeof OPERATIONS;

/** What the transport sends: method, wire path, modeled headers and body. */
export interface SerializedRequest {
  /** The operation name, e.g. `Converse`. */
  operation: OperationName;
  /** The HTTP method. */
  method: "POST" | "GET";
  /** The percent-encoded wire path. */
  path: string;
  /** Modeled headers only. */
  headers: Record<string, string>;
  /** The body. */
  body?: Uint8Array | string;
  /** Whether the response is an event stream. */
  stream: boolean;
}

/**
 * Serializes an operation's input like the AWS SDK's restJson1 protocol: labels in the path
 * (encoded once), header members as headers (`[]`/`{}`/`0`/`false`/`""` kept, `null`/`undefined`
 * omitted), a blob payload as raw bytes (`application/octet-stream` unless `contentType` is given),
 * all other members as a JSON body. The input is never mutated.
 */
export function serializeRequest(operation: OperationName, input: object): SerializedRequest {
  if (input === null || typeof input !== "object") {
    throw new BedrockInputError(
      "input",
      `must be an object, got ${input === null ? "null" : typeof input}`,
    );
  }
  const op = OPERATIONS[operation];
  const record = input as Record<string, unknown>;
  const headers: Record<string, string> = {};
  for (const [member, header] of op.headers ?? []) {
    const value = record[member];
    if (value === undefined || value === null) continue;
    const text = String(value);
    if (/[\r\n\0]/.test(text)) {
      throw new BedrockInputError(member, "must not contain CR, LF or NUL (a header)");
    }
    headers[header] = text;
  }
  const req: SerializedRequest = {
    operation,
    method: "POST",
    path: buildPath(op.uri, record),
    headers,
    stream: op.events !== undefined,
  };
  if (op.payload) {
    const body = record[op.payload];
    if (body !== undefined && body !== null) {
      req.body = toBytes(body) ?? fail(
        op.payload,
        `must be a Uint8Array, an ArrayBuffer (view) or a string, got ${typeof body}`,
      );
    }
    if (headers["Content-Type"] === undefined) headers["Content-Type"] = "application/octet-stream";
    // As the SDK's restJson1 protocol does: no body with a JSON content type sends "{}".
    else if (req.body === undefined && headers["Content-Type"] === "application/json") {
      req.body = toBytes("{}")!;
    }
    return req;
  }
  const json: Record<string, unknown> = {};
  // Like the SDK, a top-level `null` member is omitted (nested values are sent as given); members
  // bound to the path are not in the body (the generator checks that no operation with a JSON body
  // has header members).
  for (const key in record) {
    const value = record[key];
    if (value !== null && !op.uri.includes(`{${key}}`)) json[key] = value;
  }
  // Text, like the AWS SDK hands its handler: the signer hashes its UTF-8 in a reused buffer and
  // fetch encodes it (the same bytes: JSON.stringify escapes lone surrogates).
  req.body = jsonText(op.input, json);
  headers["Content-Type"] = "application/json";
  return req;
}

function fail(field: string, rule: string): never {
  throw new BedrockInputError(field, rule);
}
