/**
 * The AWS SDK v3 command style: `new XCommand(input)` sent with `BedrockRuntimeClient.send`.
 * Each command is a tiny class that names its operation, so a bundle keeps only the commands it
 * uses.
 *
 * @example
 * ```ts ignore
 * import { BedrockRuntimeClient, ConverseCommand } from "@bedrock-fetch/core";
 * const client = new BedrockRuntimeClient({ region: "us-east-1" });
 * const res = await client.send(new ConverseCommand({ modelId, messages }));
 * ```
 *
 * @module
 */
import type {
  ApplyGuardrailCommandOutput,
  ConverseCommandOutput,
  ConverseStreamCommandOutput,
  CountTokensCommandOutput,
  InvokeModelCommandOutput,
  InvokeModelWithResponseStreamCommandOutput,
  MetadataBearer,
} from "./client.ts";
import { toCountTokensModelId } from "./model_id.ts";
import type {
  ApplyGuardrailRequest,
  ConverseRequest,
  ConverseStreamRequest,
  CountTokensRequest,
  InvokeModelRequest,
  InvokeModelWithResponseStreamRequest,
} from "./types.ts";

/** The input of {@linkcode ConverseCommand}. */
export type ConverseCommandInput = ConverseRequest;
/** The input of {@linkcode ConverseStreamCommand}. */
export type ConverseStreamCommandInput = ConverseStreamRequest;
/** The input of {@linkcode InvokeModelCommand}. */
export type InvokeModelCommandInput = InvokeModelRequest;
/** The input of {@linkcode InvokeModelWithResponseStreamCommand}. */
export type InvokeModelWithResponseStreamCommandInput = InvokeModelWithResponseStreamRequest;
/** The input of {@linkcode CountTokensCommand}. */
export type CountTokensCommandInput = CountTokensRequest;
/** The input of {@linkcode ApplyGuardrailCommand}. */
export type ApplyGuardrailCommandInput = ApplyGuardrailRequest;

/**
 * The base of the command classes: an operation name and its input. `send` accepts the subclasses
 * exported here; `Output` types what `send` resolves to.
 *
 * @example
 * ```ts
 * import { BedrockRuntimeCommand, ConverseCommand } from "@bedrock-fetch/core";
 * const command = new ConverseCommand({ modelId: "amazon.nova-micro-v1:0", messages: [] });
 * command instanceof BedrockRuntimeCommand; // true
 * command.operation; // "Converse"
 * ```
 */
export abstract class BedrockRuntimeCommand<Input extends object, Output extends MetadataBearer> {
  /** The operation the command calls, e.g. `"Converse"`. */
  abstract readonly operation: string;
  /** The input, as given. */
  declare readonly input: Input;
  /** Type only, never set: the output `send` resolves to. */
  declare readonly $outputType?: Output;

  /**
   * Creates the command; nothing is checked or sent until `send`.
   *
   * @param input The operation's input.
   */
  constructor(input: Input) {
    this.input = input;
  }

  /**
   * The input as it goes on the wire, when it is not the input itself.
   *
   * @returns The input to serialize.
   */
  wireInput?(): object;
}

/**
 * Sends messages to a model (Converse); `send` resolves to {@linkcode ConverseCommandOutput}.
 *
 * @example
 * ```ts ignore
 * const res = await client.send(new ConverseCommand({ modelId, messages: [{ role: "user", content: [{ text: "Hi" }] }] }));
 * ```
 */
export class ConverseCommand
  extends BedrockRuntimeCommand<ConverseCommandInput, ConverseCommandOutput> {
  /** The operation: `Converse`. */
  readonly operation = "Converse";
}

/**
 * Sends messages and streams the reply (ConverseStream); `send` resolves to
 * {@linkcode ConverseStreamCommandOutput}.
 *
 * @example
 * ```ts ignore
 * const { stream } = await client.send(new ConverseStreamCommand({ modelId, messages }));
 * for await (const event of stream) if (event.contentBlockDelta) console.log(event.contentBlockDelta.delta);
 * ```
 */
export class ConverseStreamCommand
  extends BedrockRuntimeCommand<ConverseStreamCommandInput, ConverseStreamCommandOutput> {
  /** The operation: `ConverseStream`. */
  readonly operation = "ConverseStream";
}

/**
 * Invokes a model with a provider-specific body (InvokeModel); `send` resolves to
 * {@linkcode InvokeModelCommandOutput}.
 *
 * @example
 * ```ts ignore
 * const res = await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(payload) }));
 * JSON.parse(new TextDecoder().decode(res.body));
 * ```
 */
export class InvokeModelCommand
  extends BedrockRuntimeCommand<InvokeModelCommandInput, InvokeModelCommandOutput> {
  /** The operation: `InvokeModel`. */
  readonly operation = "InvokeModel";
}

/**
 * Invokes a model and streams the provider-specific chunks (InvokeModelWithResponseStream);
 * `send` resolves to {@linkcode InvokeModelWithResponseStreamCommandOutput}.
 *
 * @example
 * ```ts ignore
 * const { body } = await client.send(new InvokeModelWithResponseStreamCommand({ modelId, body: JSON.stringify(payload) }));
 * for await (const part of body) if (part.chunk) console.log(new TextDecoder().decode(part.chunk.bytes));
 * ```
 */
export class InvokeModelWithResponseStreamCommand extends BedrockRuntimeCommand<
  InvokeModelWithResponseStreamCommandInput,
  InvokeModelWithResponseStreamCommandOutput
> {
  /** The operation: `InvokeModelWithResponseStream`. */
  readonly operation = "InvokeModelWithResponseStream";
}

/**
 * Counts the input tokens of a Converse or InvokeModel request (CountTokens); `send` resolves to
 * {@linkcode CountTokensCommandOutput}. Geo-prefixed inference profile ids and inference-profile
 * ARNs are sent as their base model id (see `toCountTokensModelId`); ids with no readable base
 * model make `send` reject with `BedrockInputError`.
 *
 * @example
 * ```ts ignore
 * const { inputTokens } = await client.send(new CountTokensCommand({ modelId, input: { converse: { messages } } }));
 * ```
 */
export class CountTokensCommand
  extends BedrockRuntimeCommand<CountTokensCommandInput, CountTokensCommandOutput> {
  /** The operation: `CountTokens`. */
  readonly operation = "CountTokens";

  /**
   * The input with the model id mapped by `toCountTokensModelId` (the input itself when unchanged).
   *
   * @returns The input to serialize.
   * @throws {BedrockInputError} when the model id names no base model.
   */
  override wireInput(): object {
    return countTokensInput(this.input);
  }
}

/**
 * Checks content against a guardrail (ApplyGuardrail); `send` resolves to
 * {@linkcode ApplyGuardrailCommandOutput}.
 *
 * @example
 * ```ts ignore
 * const res = await client.send(new ApplyGuardrailCommand({
 *   guardrailIdentifier: "gr-123", guardrailVersion: "1", source: "INPUT", content: [{ text: { text: "hi" } }],
 * }));
 * ```
 */
export class ApplyGuardrailCommand
  extends BedrockRuntimeCommand<ApplyGuardrailCommandInput, ApplyGuardrailCommandOutput> {
  /** The operation: `ApplyGuardrail`. */
  readonly operation = "ApplyGuardrail";
}

/**
 * The CountTokens input with its model id mapped by `toCountTokensModelId` (the input itself when
 * the id is unchanged or not a string). Shared by `CountTokensCommand` and
 * `BedrockRuntime.countTokens`.
 *
 * @param input The CountTokens input.
 * @returns The input to serialize.
 * @throws {BedrockInputError} when the model id names no base model.
 * @example
 * ```ts
 * import { countTokensInput } from "./commands.ts";
 * countTokensInput({ modelId: "us.amazon.nova-lite-v1:0", input: { converse: {} } }).modelId; // "amazon.nova-lite-v1:0"
 * ```
 */
export function countTokensInput(input: CountTokensRequest): CountTokensRequest {
  const modelId = typeof input?.modelId === "string"
    ? toCountTokensModelId(input.modelId)
    : input?.modelId;
  return modelId === input?.modelId ? input : { ...input, modelId };
}
