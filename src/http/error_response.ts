/**
 * Turns an HTTP error response into the service exception the AWS SDK would throw (restJson1):
 * the type from `x-amzn-errortype`, else the body's `code` or `__type`, else the status.
 *
 * @example
 * ```ts
 * import { errorFromResponse } from "./error_response.ts";
 * const body = new TextEncoder().encode('{"message":"Rate exceeded"}');
 * const headers = new Headers({ "x-amzn-errortype": "ThrottlingException:http://internal/" });
 * const error = errorFromResponse(429, headers, body, { httpStatusCode: 429 });
 * error.name; // "ThrottlingException"
 * ```
 *
 * @module
 */

import {
  type BedrockRuntimeServiceException,
  createServiceException,
  type ResponseMetadata,
} from "../errors.ts";

const DECODER = new TextDecoder();

// A type for error responses that carry none (a proxy's HTML page, an empty 503): only the statuses
// that one modeled Bedrock exception owns; any other status gives an unmodeled `UnknownError`.
const STATUS_TYPES: Readonly<Record<number, string>> = {
  403: "AccessDeniedException",
  404: "ResourceNotFoundException",
  408: "ModelTimeoutException",
  424: "ModelErrorException",
  429: "ThrottlingException",
  500: "InternalServerException",
  503: "ServiceUnavailableException",
};

/** Longest excerpt of a non-JSON error body kept in the message. */
const EXCERPT_LENGTH = 200;

/**
 * Reads a JSON error body; `undefined` when it is empty or not a JSON object.
 *
 * @param bytes The raw body.
 * @returns The object, or `undefined`.
 */
function parseBody(bytes: Uint8Array): Record<string, unknown> | undefined {
  if (bytes.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(DECODER.decode(bytes));
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // not JSON: handled by the caller
  }
  return undefined;
}

/**
 * The raw error type of a response, in restJson1 order: header, body `code`, body `__type`.
 * A header repeated by a proxy (`A, B`) keeps its first value.
 *
 * @param headers The response headers.
 * @param body The parsed body, if any.
 * @returns The raw type, or `undefined` when none is given.
 * @example
 * ```ts
 * import { errorTypeOf } from "./error_response.ts";
 * errorTypeOf(new Headers(), { __type: "com.amazon#ValidationException" }); // "com.amazon#ValidationException"
 * ```
 */
export function errorTypeOf(
  headers: Headers,
  body: Record<string, unknown> | undefined,
): string | undefined {
  const header = headers.get("x-amzn-errortype");
  if (header) {
    const first = header.split(",")[0]!.trim();
    if (first) return first;
  }
  for (const key of ["code", "__type"]) {
    const value = body?.[key];
    if (typeof value === "string" && value.trim()) return value.trim();
  }
  return undefined;
}

/**
 * Builds the service exception for an error response (not thrown). The message comes from the
 * body's `message`/`Message`; a body that is not JSON is quoted (first 200 characters) in the
 * message of an exception typed from the status.
 *
 * @param status The HTTP status.
 * @param headers The response headers.
 * @param bytes The whole response body.
 * @param metadata The response metadata to attach.
 * @returns The exception.
 * @example
 * ```ts
 * import { errorFromResponse } from "./error_response.ts";
 * const e = errorFromResponse(503, new Headers(), new Uint8Array(), { httpStatusCode: 503 });
 * e.name; // "ServiceUnavailableException"
 * ```
 */
export function errorFromResponse(
  status: number,
  headers: Headers,
  bytes: Uint8Array,
  metadata: ResponseMetadata,
): BedrockRuntimeServiceException {
  const body = parseBody(bytes);
  const type = errorTypeOf(headers, body);
  if (type !== undefined) return createServiceException(type, body ?? {}, metadata, status);
  const fallback = STATUS_TYPES[status] ?? "UnknownError";
  let message = `Request failed with status ${status} and no error type`;
  if (body === undefined && bytes.length > 0) {
    const text = DECODER.decode(bytes.subarray(0, EXCERPT_LENGTH * 4)).replace(/\s+/g, " ").trim();
    message += `: ${JSON.stringify(text.slice(0, EXCERPT_LENGTH))}`;
  }
  const members = body ?? {};
  const hasMessage = typeof members.message === "string" || typeof members.Message === "string";
  return createServiceException(
    fallback,
    hasMessage ? members : { ...members, message },
    metadata,
    status,
  );
}
