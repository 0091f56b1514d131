/**
 * Structured output: the native `outputConfig.textFormat` JSON schema where the family supports it,
 * a forced tool otherwise; the result validated by the schema.
 *
 * @module
 */
import { BedrockOutputError } from "../errors.ts";
import { chat, type ChatOptions, type ChatResult } from "./chat.ts";
import { defaultStructuredMode, modelFamily, type StructuredMode } from "./family.ts";
import { type InferOutput, type SchemaInput, toJsonSchema, validateWith } from "./schema.ts";
import type { ConverseClient } from "./types.ts";

/** Options of {@linkcode generateObject}. */
export interface GenerateObjectOptions<S extends SchemaInput>
  extends Omit<ChatOptions, "tools" | "toolChoice"> {
  /** The schema of the object. */
  schema: S;
  /** `native` or `tool`; chosen per model family when absent. */
  mode?: StructuredMode;
  /** The schema (or forced tool) name. @default "output" */
  name?: string;
  /** A description for the model. */
  description?: string;
}

/** The outcome of {@linkcode generateObject}. */
export interface GenerateObjectResult<T> {
  /** The validated object. */
  object: T;
  /** The raw JSON text the model produced. */
  text: string;
  /** The mode used. */
  mode: StructuredMode;
  /** The chat result. */
  result: ChatResult;
}

/**
 * Asks the model for an object matching a schema. Throws {@linkcode BedrockOutputError} (with the
 * raw text and the issues) when the output is not JSON or fails the schema.
 *
 * @example
 * ```ts ignore
 * import { generateObject } from "@bedrock-fetch/core/chat";
 * import { z } from "zod";
 * const { object } = await generateObject(bedrock, {
 *   model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
 *   messages: ["Invent a city"],
 *   schema: z.object({ name: z.string(), population: z.number() }),
 * });
 * ```
 */
export async function generateObject<S extends SchemaInput>(
  client: ConverseClient,
  options: GenerateObjectOptions<S>,
): Promise<GenerateObjectResult<InferOutput<S>>> {
  const { schema, mode: given, name = "output", description, ...rest } = options;
  const mode = given ?? defaultStructuredMode(options.family ?? modelFamily(options.model));
  const json = toJsonSchema(schema, "schema");
  let result: ChatResult, text: string;
  if (mode === "native") {
    const jsonSchema = description === undefined
      ? { schema: JSON.stringify(json), name }
      : { schema: JSON.stringify(json), name, description };
    result = await chat(client, {
      ...rest,
      outputConfig: {
        ...rest.outputConfig,
        textFormat: { type: "json_schema", structure: { jsonSchema } },
      },
    });
    text = result.text;
  } else {
    const tool = description === undefined
      ? { name, input: json }
      : { name, input: json, description };
    result = await chat(client, { ...rest, tools: [tool], toolChoice: { name } });
    const call = result.toolCalls.find((c) => c.name === name);
    if (call === undefined) {
      throw new BedrockOutputError(
        `Cannot read structured output: the model did not call the "${name}" tool`,
        result.text,
        [],
      );
    }
    text = JSON.stringify(call.input);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new BedrockOutputError(
      "Cannot parse structured output: the model's text is not JSON",
      text,
      [],
      { cause },
    );
  }
  const checked = await validateWith(schema, value);
  if (checked.issues !== undefined) {
    throw new BedrockOutputError(
      `Cannot validate structured output: ${checked.issues.length} schema issue(s)`,
      text,
      checked.issues,
    );
  }
  return { object: checked.value, text, mode, result };
}
