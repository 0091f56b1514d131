/**
 * `BedrockRuntime` (one method per Bedrock Runtime operation) and `BedrockRuntimeClient`
 * (`send(command)`), shaped like `@aws-sdk/client-bedrock-runtime`. Both share one transport path.
 *
 * @module
 */
import { type BodyHasher, Transport, type TransportHooks } from "../http/transport.ts";
import type { RetryQuota } from "../http/retry.ts";
import type {
  CredentialsEnv,
  CredentialsInput,
  CredentialsProvider,
} from "../credentials/types.ts";
import { toCredentialsProvider } from "../credentials/chain.ts";
import { resolveBearerToken } from "../credentials/env.ts";
import { resolveRegion } from "../credentials/region.ts";
import { BedrockInputError, type ResponseMetadata } from "../errors.ts";
import { type OperationName, serializeRequest } from "./_request.ts";
import { deserializeResponse } from "./_response.ts";
import { OPERATIONS } from "./_schema.ts";
import { BedrockRuntimeCommand, countTokensInput } from "./commands.ts";
import { resolveEndpoint } from "./endpoint.ts";
import type { Uint8ArrayBlobAdapter } from "./blob.ts";
import type {
  ApplyGuardrailRequest,
  ApplyGuardrailResponse,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamOutput,
  ConverseStreamRequest,
  CountTokensRequest,
  CountTokensResponse,
  InvokeModelRequest,
  InvokeModelWithResponseStreamRequest,
  PerformanceConfigLatency,
  ResponseStream,
  ServiceTierType,
} from "./types.ts";

/** Options of {@linkcode BedrockRuntime}. */
export interface BedrockRuntimeOptions {
  /** The AWS region; else `AWS_REGION`, `AWS_DEFAULT_REGION`, then the shared config profile. */
  region?: string | undefined;
  /** Credentials or a provider; else the default chain (unless a bearer token is used). */
  credentials?: CredentialsInput | undefined;
  /**
   * A Bedrock API key (bearer token), used instead of SigV4. Without explicit `credentials`,
   * `AWS_BEARER_TOKEN_BEDROCK` is used too.
   */
  token?: string | undefined;
  /** A custom endpoint URL (e.g. the emulator's `http://127.0.0.1:PORT`). */
  endpoint?: string | undefined;
  /** The `fetch` to use. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /**
   * Computes the hex SHA-256 of a request body for SigV4 (see {@linkcode BodyHasher}).
   * @default pure TypeScript under 2 KiB, Web Crypto above
   */
  hashBody?: BodyHasher | undefined;
  /** Attempts per call, the first included. @default 3 */
  maxAttempts?: number | undefined;
  /** Read environment variables from here instead of the process (Workers bindings). */
  env?: CredentialsEnv | undefined;
  /** Use the FIPS endpoint. @default false */
  useFipsEndpoint?: boolean | undefined;
  /** Use the dual-stack endpoint. @default false */
  useDualstackEndpoint?: boolean | undefined;
  /** Longest wait for response headers, per attempt, in milliseconds. */
  requestTimeoutMs?: number | undefined;
  /** Longest wait between two chunks of a response stream. @default 60000 */
  streamIdleTimeoutMs?: number | undefined;
  /** Hooks called on each request, response and retry. */
  hooks?: TransportHooks | undefined;
  /** The retry token bucket; pass one instance to several clients to share it. @default a new bucket per client */
  retryQuota?: RetryQuota | undefined;
  /** The shared config profile for credentials and region. */
  profile?: string | undefined;
}

/** Per-call options. */
export interface RequestOptions {
  /** Aborts the call (and the response stream). */
  signal?: AbortSignal | undefined;
  /** The AWS SDK's name for `signal`; if both are given, either aborting aborts. */
  abortSignal?: AbortSignal | undefined;
}

/** Response metadata on every output. */
export interface MetadataBearer {
  /** Status, request id, attempts and total retry delay. */
  $metadata: ResponseMetadata;
}

/** The output of {@linkcode BedrockRuntime.converse}. */
export type ConverseCommandOutput = ConverseResponse & MetadataBearer;
/** The output of {@linkcode BedrockRuntime.converseStream}. */
export interface ConverseStreamCommandOutput extends MetadataBearer {
  /** The events; iterate once. Breaking out of the loop cancels the response. */
  stream: AsyncIterable<ConverseStreamOutput>;
}
/** The output of {@linkcode BedrockRuntime.invokeModel}. */
export interface InvokeModelCommandOutput extends MetadataBearer {
  /** The model's response body (bytes with `transformToString()`, as in the AWS SDK). */
  body: Uint8ArrayBlobAdapter;
  /** The MIME type of the body. */
  contentType: string;
  /** The latency setting the request was processed with. */
  performanceConfigLatency?: PerformanceConfigLatency | undefined;
  /** The service tier the request was processed with. */
  serviceTier?: ServiceTierType | undefined;
}
/** The output of {@linkcode BedrockRuntime.invokeModelWithResponseStream}. */
export interface InvokeModelWithResponseStreamCommandOutput extends MetadataBearer {
  /** The chunks (`{ chunk: { bytes } }`); iterate once. */
  body: AsyncIterable<ResponseStream>;
  /** The MIME type of the chunks. */
  contentType: string;
  /** The latency setting the request was processed with. */
  performanceConfigLatency?: PerformanceConfigLatency | undefined;
  /** The service tier the request was processed with. */
  serviceTier?: ServiceTierType | undefined;
}
/** The output of {@linkcode BedrockRuntime.countTokens}. */
export type CountTokensCommandOutput = CountTokensResponse & MetadataBearer;
/** The output of {@linkcode BedrockRuntime.applyGuardrail}. */
export type ApplyGuardrailCommandOutput = ApplyGuardrailResponse & MetadataBearer;

/**
 * The Amazon Bedrock Runtime client: SigV4 (or a bearer API key) over `fetch`, retries, timeouts,
 * event streams. Region and credentials are resolved on the first call.
 *
 * @example
 * ```ts ignore
 * import { BedrockRuntime } from "@bedrock-fetch/core";
 * const bedrock = new BedrockRuntime({ region: "us-east-1" });
 * const { output } = await bedrock.converse({
 *   modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
 *   messages: [{ role: "user", content: [{ text: "Hello" }] }],
 * });
 * ```
 */
export class BedrockRuntime {
  #transport: Transport;

  /**
   * Creates a client; nothing is resolved or fetched until the first call.
   *
   * @param options Region, credentials or token, endpoint, fetch, retries, timeouts, hooks.
   */
  constructor(options: BedrockRuntimeOptions = {}) {
    this.#transport = createTransport(options);
  }

  /**
   * Sends messages to a model (Converse).
   *
   * @example
   * ```ts ignore
   * const res = await bedrock.converse({ modelId, messages: [{ role: "user", content: [{ text: "Hi" }] }] });
   * ```
   */
  converse(input: ConverseRequest, options?: RequestOptions): Promise<ConverseCommandOutput> {
    return call(this.#transport, "Converse", input, options);
  }

  /**
   * Sends messages and streams the reply (ConverseStream). A stream that ends without
   * `messageStop` throws `BedrockStreamError`; exception frames throw the modeled classes.
   *
   * @example
   * ```ts ignore
   * const { stream } = await bedrock.converseStream({ modelId, messages });
   * for await (const event of stream) if (event.contentBlockDelta) console.log(event.contentBlockDelta.delta);
   * ```
   */
  converseStream(
    input: ConverseStreamRequest,
    options?: RequestOptions,
  ): Promise<ConverseStreamCommandOutput> {
    return call(this.#transport, "ConverseStream", input, options);
  }

  /**
   * Invokes a model with a provider-specific body (InvokeModel).
   *
   * @example
   * ```ts ignore
   * const res = await bedrock.invokeModel({ modelId, contentType: "application/json", body: JSON.stringify(payload) });
   * JSON.parse(new TextDecoder().decode(res.body));
   * ```
   */
  invokeModel(
    input: InvokeModelRequest,
    options?: RequestOptions,
  ): Promise<InvokeModelCommandOutput> {
    return call(this.#transport, "InvokeModel", input, options);
  }

  /**
   * Invokes a model and streams the provider-specific chunks (InvokeModelWithResponseStream).
   *
   * @example
   * ```ts ignore
   * const { body } = await bedrock.invokeModelWithResponseStream({ modelId, body: JSON.stringify(payload) });
   * for await (const part of body) if (part.chunk) console.log(new TextDecoder().decode(part.chunk.bytes));
   * ```
   */
  invokeModelWithResponseStream(
    input: InvokeModelWithResponseStreamRequest,
    options?: RequestOptions,
  ): Promise<InvokeModelWithResponseStreamCommandOutput> {
    return call(this.#transport, "InvokeModelWithResponseStream", input, options);
  }

  /**
   * Counts the input tokens of a Converse or InvokeModel request (CountTokens). Geo-prefixed
   * inference profile ids and inference-profile ARNs are mapped to their base model id first (see
   * `toCountTokensModelId`); ids with no readable base model throw `BedrockInputError`.
   *
   * @example
   * ```ts ignore
   * const { inputTokens } = await bedrock.countTokens({ modelId, input: { converse: { messages } } });
   * ```
   */
  async countTokens(
    input: CountTokensRequest,
    options?: RequestOptions,
  ): Promise<CountTokensCommandOutput> {
    return await call(this.#transport, "CountTokens", countTokensInput(input), options);
  }

  /**
   * Checks content against a guardrail (ApplyGuardrail).
   *
   * @example
   * ```ts ignore
   * const res = await bedrock.applyGuardrail({
   *   guardrailIdentifier: "gr-123", guardrailVersion: "1", source: "INPUT", content: [{ text: { text: "hi" } }],
   * });
   * ```
   */
  applyGuardrail(
    input: ApplyGuardrailRequest,
    options?: RequestOptions,
  ): Promise<ApplyGuardrailCommandOutput> {
    return call(this.#transport, "ApplyGuardrail", input, options);
  }

  /**
   * Does nothing (there is nothing to close); here because AWS SDK code calls it.
   *
   * @example
   * ```ts ignore
   * bedrock.destroy();
   * ```
   */
  destroy(): void {}
}

/**
 * The Amazon Bedrock Runtime client in the AWS SDK v3 command style: `send(new XCommand(input))`.
 * The same transport as {@linkcode BedrockRuntime} (SigV4 or a bearer API key over `fetch`,
 * retries, timeouts, event streams); region and credentials are resolved on the first call. Code
 * written for `@aws-sdk/client-bedrock-runtime`'s `BedrockRuntimeClient` ports by changing the
 * import. A bundle keeps only the commands it imports.
 *
 * @example
 * ```ts ignore
 * import { BedrockRuntimeClient, ConverseCommand } from "@bedrock-fetch/core";
 * const client = new BedrockRuntimeClient({ region: "us-east-1" });
 * const { output } = await client.send(new ConverseCommand({
 *   modelId: "us.anthropic.claude-3-5-haiku-20241022-v1:0",
 *   messages: [{ role: "user", content: [{ text: "Hello" }] }],
 * }));
 * ```
 */
export class BedrockRuntimeClient {
  #transport: Transport;

  /**
   * Creates a client; nothing is resolved or fetched until the first call.
   *
   * @param options Region, credentials or token, endpoint, fetch, retries, timeouts, hooks.
   */
  constructor(options: BedrockRuntimeOptions = {}) {
    this.#transport = createTransport(options);
  }

  /**
   * Sends a command and resolves to its output (events for stream operations). Rejects with
   * `BedrockInputError` (field `command`) for anything but the command classes of this package,
   * an `@aws-sdk/client-bedrock-runtime` command included.
   *
   * @param command A command, e.g. `new ConverseCommand(input)`.
   * @param options `abortSignal` (the AWS SDK's name) or `signal`; if both, either aborting aborts.
   * @returns The command's output.
   * @example
   * ```ts ignore
   * const res = await client.send(new ConverseCommand({ modelId, messages }), { abortSignal });
   * ```
   */
  async send<Output extends MetadataBearer>(
    command: BedrockRuntimeCommand<object, Output>,
    options?: RequestOptions,
  ): Promise<Output> {
    // `false` (not a command) is no operation either.
    const op = (command instanceof BedrockRuntimeCommand && command.operation) as OperationName;
    if (!Object.hasOwn(OPERATIONS, op)) {
      throw new BedrockInputError("command", "must be a @bedrock-fetch/core command");
    }
    return await call(this.#transport, op, command.wireInput?.() ?? command.input, options);
  }

  /**
   * Does nothing (there is nothing to close); here because AWS SDK code calls it.
   *
   * @example
   * ```ts ignore
   * client.destroy();
   * ```
   */
  destroy(): void {}
}

// Builds the transport of either client: region, endpoint and credentials resolved lazily.
function createTransport(options: BedrockRuntimeOptions): Transport {
  const { env, profile } = options;
  const getRegion = memoizeUntilRejected(() =>
    resolveRegion({ region: options.region, env, profile })
  );
  // A custom endpoint needs no region.
  const getEndpoint = memoizeUntilRejected(async () =>
    resolveEndpoint({
      ...options,
      region: options.endpoint === undefined ? await getRegion() : undefined,
    })
  );
  // Explicit token > explicit credentials > AWS_BEARER_TOKEN_BEDROCK > default chain.
  const useEnvToken = options.credentials === undefined;
  const token = (): Promise<string | undefined> =>
    Promise.resolve(options.token ?? (useEnvToken ? resolveBearerToken({ env }) : undefined));
  let provider: CredentialsProvider | undefined;
  const credentials: CredentialsProvider = () =>
    // The Bedrock `fetch` is not handed to the metadata endpoints (a test double for Bedrock
    // must not answer IMDS); those use the global fetch.
    (provider ??= toCredentialsProvider(options.credentials, { env, profile }))();
  // The transport's own settings (fetch, retries, timeouts, hooks) are the options of the same name.
  return new Transport({
    ...options,
    endpoint: getEndpoint,
    region: getRegion,
    credentials,
    token,
  });
}

// Serializes, sends, and shapes the output (events for stream operations).
async function call<T>(
  transport: Transport,
  operation: OperationName,
  input: object,
  options: RequestOptions | undefined,
): Promise<T> {
  const { signal, abortSignal } = options ?? {};
  return (await deserializeResponse(
    operation,
    await transport.send(serializeRequest(operation, input), {
      signal: signal && abortSignal
        ? AbortSignal.any([signal, abortSignal])
        : signal ?? abortSignal,
    }),
  )) as T;
}

// The same promise on every call, until it rejects: the next call tries again.
function memoizeUntilRejected<T>(f: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () =>
    promise ??= f().catch((e) => {
      promise = undefined;
      throw e;
    });
}
