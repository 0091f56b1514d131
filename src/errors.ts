/**
 * The error classes every layer of bedrock-fetch throws.
 *
 * Two families:
 * - {@linkcode BedrockRuntimeServiceException} and its twelve subclasses are the exceptions the
 *   Bedrock Runtime model declares. They keep AWS's names and members (`$fault`, `$retryable`,
 *   `$metadata`) so that code written against `@aws-sdk/client-bedrock-runtime` ports unchanged.
 * - {@linkcode BedrockFetchError} and its subclasses are the library's own failures: a corrupt event
 *   stream, a timeout, a network failure, missing credentials, invalid input.
 *
 * This module sits at the bottom of the import graph: it imports nothing.
 *
 * @example Catching a throttle
 * ```ts
 * import { ThrottlingException } from "@bedrock-fetch/core";
 * const error: unknown = new ThrottlingException({ message: "Rate exceeded" });
 * if (error instanceof ThrottlingException) console.log(error.$fault, error.message);
 * ```
 *
 * @module
 */

/** Response metadata, as the AWS SDK reports it on every output and service exception. */
export interface ResponseMetadata {
  /** The HTTP status code of the last response. */
  httpStatusCode?: number;
  /** The request id from the `x-amzn-requestid` header. */
  requestId?: string;
  /** The `x-amz-id-2` header, where present. */
  extendedRequestId?: string;
  /** The `x-amz-cf-id` header, where present. */
  cfId?: string;
  /** How many attempts were made, the first included. */
  attempts?: number;
  /** Milliseconds spent waiting between attempts. */
  totalRetryDelay?: number;
}

/** Whether a service exception is the caller's fault or the service's. */
export type ExceptionFault = "client" | "server";

/** The `$retryable` marker of the AWS SDK: present on exceptions the model marks as retryable. */
export interface RetryableTrait {
  /** True when the retry should be treated as throttling. */
  readonly throttling?: boolean;
}

/** Options accepted by every service exception constructor (the shape the AWS SDK uses). */
export interface ServiceExceptionOptions {
  /** The error message. */
  message?: string;
  /** The error name; defaults to the class's own name. */
  name?: string;
  /** Whose fault it is; defaults to the class's modeled fault. */
  $fault?: ExceptionFault;
  /** Response metadata. */
  $metadata?: ResponseMetadata;
  /** Any further members the error body carried. */
  [member: string]: unknown;
}

/**
 * The base class of every exception the Bedrock Runtime service returns, modeled or not.
 * An unmodeled error type (e.g. `UnrecognizedClientException`) is an instance of this class whose
 * `name` is the wire type.
 *
 * @example
 * ```ts
 * import { BedrockRuntimeServiceException } from "@bedrock-fetch/core";
 * const e = new BedrockRuntimeServiceException({ name: "UnrecognizedClientException", $fault: "client", message: "bad key" });
 * console.log(e.name); // "UnrecognizedClientException"
 * ```
 */
export class BedrockRuntimeServiceException extends Error {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockRuntimeServiceException";

  // `declare`: assigned in the constructor, so no class-field code is emitted for them.
  /** Whose fault it is. */
  declare readonly $fault: ExceptionFault;
  /** Present when the model marks the exception retryable. */
  declare readonly $retryable: RetryableTrait | undefined;
  /** Response metadata of the request that failed. */
  declare $metadata: ResponseMetadata;

  /**
   * Creates a service exception.
   *
   * @param options Message, name, fault, metadata and any modeled members.
   */
  constructor(options: ServiceExceptionOptions = {}) {
    super(options.message ?? "");
    // A modeled exception (or a subclass of one) takes its name, fault and members from the model.
    // (The twelve never extend one another, so at most one matches.)
    const name = Object.keys(SERVICE_EXCEPTIONS).find((k) =>
      this instanceof SERVICE_EXCEPTIONS[k]!
    );
    this.$fault = name
      ? (/^(Internal|ServiceUnavailable)/.test(name) ? "server" : "client")
      : options.$fault ?? "client";
    this.$retryable = undefined;
    this.$metadata = options.$metadata ?? {};
    // After the three above: the own-key order the former class fields gave.
    this.name = name ?? options.name ?? new.target.name;
    for (const key of (name && MEMBERS[name]) || []) {
      (this as Record<string, unknown>)[key] = options[key];
    }
  }
}

// The modeled members beyond the message, as the AWS SDK's constructors copy them.
const MEMBERS: Record<string, string[]> = {
  ModelErrorException: ["originalStatusCode", "resourceName"],
  ModelStreamErrorException: ["originalStatusCode", "originalMessage"],
};

/**
 * The request is denied because you do not have sufficient permissions (HTTP 403).
 *
 * @example
 * ```ts
 * import { AccessDeniedException } from "@bedrock-fetch/core";
 * new AccessDeniedException({ message: "no access" }).$fault; // "client"
 * ```
 */
export class AccessDeniedException extends BedrockRuntimeServiceException {
}

/**
 * A conflict while performing an operation (HTTP 400).
 *
 * @example
 * ```ts
 * import { ConflictException } from "@bedrock-fetch/core";
 * new ConflictException({ message: "conflict" }).name; // "ConflictException"
 * ```
 */
export class ConflictException extends BedrockRuntimeServiceException {
}

/**
 * An internal server error occurred (HTTP 500).
 *
 * @example
 * ```ts
 * import { InternalServerException } from "@bedrock-fetch/core";
 * new InternalServerException({ message: "oops" }).$fault; // "server"
 * ```
 */
export class InternalServerException extends BedrockRuntimeServiceException {
}

/**
 * The request failed due to an error while processing the model (HTTP 424).
 *
 * @example
 * ```ts
 * import { ModelErrorException } from "@bedrock-fetch/core";
 * new ModelErrorException({ message: "bad", originalStatusCode: 500 }).originalStatusCode; // 500
 * ```
 */
export class ModelErrorException extends BedrockRuntimeServiceException {
  /** The original status code from the model. */
  declare originalStatusCode?: number;
  /** The resource name. */
  declare resourceName?: string;
}

/**
 * The model is not ready to serve inference requests (HTTP 429, retryable).
 *
 * @example
 * ```ts
 * import { ModelNotReadyException } from "@bedrock-fetch/core";
 * new ModelNotReadyException({ message: "warming" }).$retryable; // {}
 * ```
 */
export class ModelNotReadyException extends BedrockRuntimeServiceException {
  /** Present: the model marks this exception retryable. */
  override readonly $retryable: RetryableTrait = {};
}

/**
 * An error occurred while streaming the response (HTTP 424, also sent mid-stream).
 *
 * @example
 * ```ts
 * import { ModelStreamErrorException } from "@bedrock-fetch/core";
 * new ModelStreamErrorException({ message: "x", originalMessage: "y" }).originalMessage; // "y"
 * ```
 */
export class ModelStreamErrorException extends BedrockRuntimeServiceException {
  /** The original status code. */
  declare originalStatusCode?: number;
  /** The original message. */
  declare originalMessage?: string;
}

/**
 * The request took too long to process (HTTP 408).
 *
 * @example
 * ```ts
 * import { ModelTimeoutException } from "@bedrock-fetch/core";
 * new ModelTimeoutException({ message: "slow" }).name; // "ModelTimeoutException"
 * ```
 */
export class ModelTimeoutException extends BedrockRuntimeServiceException {
}

/**
 * The specified resource was not found (HTTP 404).
 *
 * @example
 * ```ts
 * import { ResourceNotFoundException } from "@bedrock-fetch/core";
 * new ResourceNotFoundException({ message: "no such model" }).$fault; // "client"
 * ```
 */
export class ResourceNotFoundException extends BedrockRuntimeServiceException {
}

/**
 * The request exceeds the service quota for your account (HTTP 400).
 *
 * @example
 * ```ts
 * import { ServiceQuotaExceededException } from "@bedrock-fetch/core";
 * new ServiceQuotaExceededException({ message: "quota" }).name; // "ServiceQuotaExceededException"
 * ```
 */
export class ServiceQuotaExceededException extends BedrockRuntimeServiceException {
}

/**
 * The service is not currently available (HTTP 503).
 *
 * @example
 * ```ts
 * import { ServiceUnavailableException } from "@bedrock-fetch/core";
 * new ServiceUnavailableException({ message: "down" }).$fault; // "server"
 * ```
 */
export class ServiceUnavailableException extends BedrockRuntimeServiceException {
}

/**
 * The request was denied for exceeding the account quotas (HTTP 429).
 *
 * @example
 * ```ts
 * import { ThrottlingException } from "@bedrock-fetch/core";
 * new ThrottlingException({ message: "Rate exceeded" }).name; // "ThrottlingException"
 * ```
 */
export class ThrottlingException extends BedrockRuntimeServiceException {
}

/**
 * The input fails to satisfy the constraints specified by Amazon Bedrock (HTTP 400).
 *
 * @example
 * ```ts
 * import { ValidationException } from "@bedrock-fetch/core";
 * new ValidationException({ message: "bad input" }).$fault; // "client"
 * ```
 */
export class ValidationException extends BedrockRuntimeServiceException {
}

/** A constructor of a modeled service exception. */
export type ServiceExceptionClass = new (
  options?: ServiceExceptionOptions,
) => BedrockRuntimeServiceException;

/**
 * The twelve modeled exceptions, by their AWS type name (also the name a stream's
 * `:exception-type` carries, with its first letter upper-cased).
 *
 * @example
 * ```ts
 * import { SERVICE_EXCEPTIONS } from "@bedrock-fetch/core";
 * const Cls = SERVICE_EXCEPTIONS["ThrottlingException"];
 * ```
 */
export const SERVICE_EXCEPTIONS: Readonly<Record<string, ServiceExceptionClass>> = {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
};

/**
 * Normalises an AWS error type as restJson1 says: keep what stands before the first `:`, then what
 * stands after the last `#` (`ns#ValidationException:http://…` → `ValidationException`). A
 * lower-camel stream member name (`throttlingException`) is upper-cased to its shape name.
 *
 * @param raw The `x-amzn-errortype` header, `__type`/`code` body member or `:exception-type` header.
 * @returns The bare type name.
 * @example
 * ```ts
 * import { sanitizeErrorType } from "@bedrock-fetch/core";
 * sanitizeErrorType("ValidationException:http://internal.amazon.com/"); // "ValidationException"
 * ```
 */
export function sanitizeErrorType(raw: string): string {
  const type = raw.split(":")[0]!.split("#").pop()!.trim();
  const upper = type.charAt(0).toUpperCase() + type.slice(1);
  return /^[a-z]/.test(type) && upper in SERVICE_EXCEPTIONS ? upper : type;
}

/**
 * Builds the exception for an error type and its decoded JSON body: the modeled class when the type
 * is one of the twelve, else a {@linkcode BedrockRuntimeServiceException} named by the wire type.
 * The message is read from `message` or `Message`.
 *
 * @param type The raw error type (sanitised here).
 * @param body The parsed JSON error body, or an empty object.
 * @param metadata Response metadata.
 * @param statusCode The HTTP status, used for the fault of an unmodeled type (5xx → server).
 * @returns The exception, not thrown.
 * @example
 * ```ts
 * import { createServiceException } from "@bedrock-fetch/core";
 * const e = createServiceException("ThrottlingException", { message: "slow down" }, { httpStatusCode: 429 });
 * e.name; // "ThrottlingException"
 * ```
 */
export function createServiceException(
  type: string,
  body: Record<string, unknown>,
  metadata: ResponseMetadata,
  statusCode?: number,
): BedrockRuntimeServiceException {
  const name = sanitizeErrorType(type);
  const rawMessage = body.message ?? body.Message;
  const message = typeof rawMessage === "string" ? rawMessage : name;
  const status = statusCode ?? metadata.httpStatusCode ?? 400;
  // `name` and `$fault` matter only to an unmodeled type: a modeled class takes both from the model.
  const options: ServiceExceptionOptions = {
    ...body,
    message,
    $metadata: metadata,
    name: name || "UnknownError",
    $fault: status >= 500 ? "server" : "client",
  };
  delete options.Message;
  delete options.__type;
  delete options.code;
  return new (SERVICE_EXCEPTIONS[name] ?? BedrockRuntimeServiceException)(options);
}

/** Options of {@linkcode BedrockFetchError}. */
export interface BedrockFetchErrorOptions {
  /** The underlying cause. */
  cause?: unknown;
}

/**
 * The base class of the library's own errors (not returned by the service).
 *
 * @example
 * ```ts
 * import { BedrockFetchError } from "@bedrock-fetch/core";
 * try { throw new BedrockFetchError("Cannot sign request: no credentials") } catch (e) {
 *   if (e instanceof BedrockFetchError) console.log(e.message);
 * }
 * ```
 */
export class BedrockFetchError extends Error {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockFetchError";

  /**
   * Creates the error.
   *
   * @param message What failed and why, in the form "Cannot <action>: <state>".
   * @param options The cause.
   */
  constructor(message: string, options?: BedrockFetchErrorOptions) {
    // Error reads only `cause` from its options; an undefined cause is left out entirely.
    super(message, options?.cause !== undefined ? options : undefined);
    this.name = new.target.name;
  }
}

/** Why an event stream was rejected. */
export type EventStreamErrorReason =
  | "prelude-crc"
  | "message-crc"
  | "length-too-small"
  | "length-too-large"
  | "headers-overrun"
  | "unknown-header-type"
  | "truncated-header"
  | "truncated-stream"
  | "invalid-message"
  | (string & Record<never, never>);

/**
 * A corrupt or truncated `application/vnd.amazon.eventstream` stream, with the reason and the byte
 * offset (from the start of the stream) of the frame where it was found.
 *
 * @example
 * ```ts
 * import { EventStreamError } from "@bedrock-fetch/core";
 * const e = new EventStreamError("prelude-crc", 0, "Prelude checksum mismatch");
 * e.reason; // "prelude-crc"
 * ```
 */
export class EventStreamError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "EventStreamError";

  /** A stable code for the failure. */
  declare readonly reason: EventStreamErrorReason;
  /** The byte offset in the stream where the offending frame starts. */
  declare readonly offset: number;
  /**
   * Creates the error with its reason and offset.
   *
   * @param reason A stable code for the failure.
   * @param offset The byte offset of the offending frame.
   * @param message A human-readable message.
   * @param options The cause.
   */
  constructor(
    reason: EventStreamErrorReason,
    offset: number,
    message: string,
    options?: BedrockFetchErrorOptions,
  ) {
    super(`${message} (at byte ${offset})`, options);
    this.reason = reason;
    this.offset = offset;
  }
}

/**
 * A request or a stream took longer than allowed: `kind` is `"request"` (no response headers in
 * time) or `"idle"` (no stream bytes for too long).
 *
 * @example
 * ```ts
 * import { BedrockTimeoutError } from "@bedrock-fetch/core";
 * new BedrockTimeoutError("idle", 60_000).message;
 * ```
 */
export class BedrockTimeoutError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockTimeoutError";

  /** Which timeout fired. */
  declare readonly kind: "request" | "idle";
  /** The limit in milliseconds. */
  declare readonly timeoutMs: number;
  /**
   * Creates the error; the message names the timeout and its limit.
   *
   * @param kind Which timeout fired.
   * @param timeoutMs The limit in milliseconds.
   */
  constructor(kind: "request" | "idle", timeoutMs: number) {
    super(
      kind === "idle"
        ? `Cannot read stream: no data for ${timeoutMs} ms (idle timeout)`
        : `Cannot complete request: no response within ${timeoutMs} ms (request timeout)`,
    );
    this.kind = kind;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The network failed (connection refused or reset, DNS, TLS) before or during a response.
 *
 * @example
 * ```ts
 * import { BedrockNetworkError } from "@bedrock-fetch/core";
 * new BedrockNetworkError("Cannot reach endpoint: connection refused");
 * ```
 */
export class BedrockNetworkError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockNetworkError";
}

/**
 * A response stream ended or broke in a way the protocol does not allow (e.g. a Converse stream
 * that ends without `messageStop`).
 *
 * @example
 * ```ts
 * import { BedrockStreamError } from "@bedrock-fetch/core";
 * new BedrockStreamError("Cannot finish stream: it ended without messageStop");
 * ```
 */
export class BedrockStreamError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockStreamError";
}

/** One credential source that was tried, and why it gave nothing. */
export interface CredentialsAttempt {
  /** The source's name, e.g. `env`, `profile:default`, `imds`. */
  readonly source: string;
  /** Why it failed; never contains a secret. */
  readonly reason: string;
}

/**
 * No credentials (or no region) could be resolved. `attempts` lists every source tried, with the
 * reason each failed. Messages never contain a secret.
 *
 * @example
 * ```ts
 * import { BedrockCredentialsError } from "@bedrock-fetch/core";
 * const e = new BedrockCredentialsError("Cannot resolve credentials", [{ source: "env", reason: "AWS_ACCESS_KEY_ID is not set" }]);
 * e.attempts.length; // 1
 * ```
 */
export class BedrockCredentialsError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockCredentialsError";

  /** The sources tried, in order. */
  declare readonly attempts: readonly CredentialsAttempt[];
  /**
   * Creates the error; the message lists every attempt.
   *
   * @param message The summary.
   * @param attempts The sources tried, in order.
   * @param options The cause.
   */
  constructor(
    message: string,
    attempts: readonly CredentialsAttempt[] = [],
    options?: BedrockFetchErrorOptions,
  ) {
    const detail = attempts.map((a) => `${a.source}: ${a.reason}`).join("; ");
    super(detail ? `${message} (tried ${detail})` : message, options);
    this.attempts = attempts;
  }
}

/**
 * Invalid input given to the library, naming the field and the rule it breaks. Thrown before any
 * request is sent.
 *
 * @example
 * ```ts
 * import { BedrockInputError } from "@bedrock-fetch/core";
 * const e = new BedrockInputError("modelId", "must be a non-empty string");
 * e.message; // "Invalid modelId: must be a non-empty string"
 * ```
 */
export class BedrockInputError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockInputError";

  /** The path of the offending field, e.g. `messages[0].content[1].image.format`. */
  declare readonly field: string;
  /** The rule it breaks. */
  declare readonly rule: string;
  /**
   * Creates the error; the message names the field and the rule.
   *
   * @param field The path of the offending field.
   * @param rule The rule it breaks.
   * @param options The cause.
   */
  constructor(field: string, rule: string, options?: BedrockFetchErrorOptions) {
    super(`Invalid ${field}: ${rule}`, options);
    this.field = field;
    this.rule = rule;
  }
}

/** One problem a schema found in a value (the Standard Schema issue shape). */
export interface OutputIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where, as property keys from the root. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/**
 * A model's structured output that is not valid JSON or fails its schema. Carries the raw text the
 * model produced and the schema's issues.
 *
 * @example
 * ```ts
 * import { BedrockOutputError } from "@bedrock-fetch/core";
 * const e = new BedrockOutputError("Cannot parse structured output: not JSON", "{oops", []);
 * e.text; // "{oops"
 * ```
 */
export class BedrockOutputError extends BedrockFetchError {
  /** The class name, kept as is by minifiers (error `name`s come from it). */
  static override readonly name: string = "BedrockOutputError";

  /** The raw text (or JSON of the tool input) the model produced. */
  declare readonly text: string;
  /** The validation issues; empty when the text was not JSON. */
  declare readonly issues: readonly OutputIssue[];
  /**
   * Creates the error with the model's raw output and the schema's issues.
   *
   * @param message What failed, in the form "Cannot <action>: <state>".
   * @param text The raw model output.
   * @param issues The validation issues.
   * @param options The cause.
   */
  constructor(
    message: string,
    text: string,
    issues: readonly OutputIssue[],
    options?: BedrockFetchErrorOptions,
  ) {
    super(message, options);
    this.text = text;
    this.issues = issues;
  }
}
