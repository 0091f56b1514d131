// AWS-shaped error responses for the emulator: status, `x-amzn-errortype`, `x-amzn-requestid` and a
// JSON body with `message` (plus the modeled members of the error).

/** The HTTP status of every modeled Bedrock Runtime exception (OPERATIONS.md, exception shapes). */
export const MODELED_STATUS: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  ConflictException: 400,
  InternalServerException: 500,
  ModelErrorException: 424,
  ModelNotReadyException: 429,
  ModelStreamErrorException: 424,
  ModelTimeoutException: 408,
  ResourceNotFoundException: 404,
  ServiceQuotaExceededException: 400,
  ServiceUnavailableException: 503,
  ThrottlingException: 429,
  ValidationException: 400,
};

/** The modeled exception AWS uses for a bare status (`status=503` fault). */
export const STATUS_TYPE: Readonly<Record<number, string>> = {
  400: "ValidationException",
  403: "AccessDeniedException",
  404: "ResourceNotFoundException",
  408: "ModelTimeoutException",
  424: "ModelErrorException",
  429: "ThrottlingException",
  500: "InternalServerException",
  503: "ServiceUnavailableException",
};

/** Exceptions that can arrive inside each response stream, by union member name. */
export const STREAM_EXCEPTIONS: Readonly<Record<"converse" | "invoke", readonly string[]>> = {
  converse: [
    "internalServerException",
    "modelStreamErrorException",
    "validationException",
    "throttlingException",
    "serviceUnavailableException",
  ],
  invoke: [
    "internalServerException",
    "modelStreamErrorException",
    "validationException",
    "throttlingException",
    "modelTimeoutException",
    "serviceUnavailableException",
  ],
};

/** An error the emulator answers with; thrown anywhere inside a handler path. */
export class EmulatorError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The `x-amzn-errortype` value (shape name). */
  readonly type: string;
  /** Extra JSON members (e.g. `originalStatusCode`). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** Extra response headers (e.g. `Date` for skew). */
  readonly headers: Readonly<Record<string, string>>;
  constructor(
    status: number,
    type: string,
    message: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "EmulatorError";
    this.status = status;
    this.type = type;
    this.extra = extra;
    this.headers = headers;
  }
}

/** A 400 ValidationException. */
export function invalid(message: string): EmulatorError {
  return new EmulatorError(400, "ValidationException", message);
}

/** The coral-style validation message AWS uses for a model constraint on a member. */
export function constraint(path: string, value: unknown, rule: string): EmulatorError {
  const shown = value === undefined ? "null" : `'${String(JSON.stringify(value)).slice(0, 64)}'`;
  return invalid(
    `1 validation error detected: Value ${shown} at '${path}' failed to satisfy constraint: ${rule}`,
  );
}

const SERVICE_SUFFIX = ":http://internal.amazon.com/coral/com.amazon.bedrock/";
const GATEWAY_TYPES = new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "IncompleteSignatureException",
  "UnknownOperationException",
  "AuthorizationQueryParametersError",
  "XAmzContentSHA256Mismatch",
]);

/** Builds the AWS-shaped error response for an {@linkcode EmulatorError}. */
export function errorResponse(error: EmulatorError, requestId: string): Response {
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/json");
  // Modeled errors carry coral's namespace suffix as the real service does; gateway errors do not.
  headers.set(
    "x-amzn-errortype",
    GATEWAY_TYPES.has(error.type) ? error.type : error.type + SERVICE_SUFFIX,
  );
  headers.set("x-amzn-requestid", requestId);
  const body = JSON.stringify({ ...error.extra, message: error.message });
  return new Response(body, { status: error.status, headers });
}

/** The modeled error for a fault name or status, with its modeled members filled in. */
export function modeledError(type: string, status?: number): EmulatorError {
  const code = status ?? MODELED_STATUS[type] ?? 500;
  const extra: Record<string, unknown> = {};
  if (type === "ModelErrorException") {
    Object.assign(extra, { originalStatusCode: 500, resourceName: "emulator-model" });
  }
  if (type === "ModelStreamErrorException") {
    Object.assign(extra, { originalStatusCode: 500, originalMessage: "emulated model failure" });
  }
  return new EmulatorError(code, type, `Emulated ${type} (injected fault).`, extra);
}
