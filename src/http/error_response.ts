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
import { UTF8_DECODER as DECODER } from "./_utf8.ts";

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
  for (const value of [headers.get("x-amzn-errortype")?.split(",")[0], body?.code, body?.__type]) {
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
  let body: unknown;
  try {
    body = JSON.parse(DECODER.decode(bytes));
  } catch {
    // empty or not JSON: typed from the status below
  }
  const json = typeof body === "object" && body !== null && !Array.isArray(body)
    ? body as Record<string, unknown>
    : undefined;
  const type = errorTypeOf(headers, json);
  let members = json ?? {};
  if (
    type === undefined && typeof members.message !== "string" && typeof members.Message !== "string"
  ) {
    let message = `Request failed with status ${status} and no error type`;
    if (!json && bytes.length) {
      const text = DECODER.decode(bytes.subarray(0, EXCERPT_LENGTH * 4)).replace(/\s+/g, " ")
        .trim();
      message += `: ${JSON.stringify(text.slice(0, EXCERPT_LENGTH))}`;
    }
    members = { ...members, message };
  }
  return createServiceException(
    type ?? STATUS_TYPES[status] ?? "UnknownError",
    members,
    metadata,
    status,
  );
}
