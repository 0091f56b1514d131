/**
 * Schemas: any Standard Schema that also implements Standard JSON Schema (zod 4, valibot, arktype…)
 * or a plain JSON Schema object. No schema library is imported.
 *
 * @module
 */
import { invalid } from "./_util.ts";

/** One validation problem (the Standard Schema issue shape). */
export interface SchemaIssue {
  /** What is wrong. */
  readonly message: string;
  /** Where. */
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** The Standard Schema v1 + Standard JSON Schema v1 surface the chat layer uses. */
export interface StandardSchemaLike<Output = unknown> {
  /** The Standard properties. */
  readonly "~standard": {
    /** The Standard Schema version. */
    readonly version: 1;
    /** The library's name. */
    readonly vendor: string;
    /** Validates a value. */
    readonly validate: (
      value: unknown,
    ) =>
      | { readonly value: Output; readonly issues?: undefined }
      | { readonly issues: ReadonlyArray<SchemaIssue> }
      | Promise<
        { readonly value: Output; readonly issues?: undefined } | {
          readonly issues: ReadonlyArray<SchemaIssue>;
        }
      >;
    /** Standard JSON Schema converters. */
    readonly jsonSchema?: {
      /** The JSON Schema of the input type. */
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
    };
    /** Type carrier. */
    readonly types?: { readonly output: Output } | undefined;
  };
}

/** A JSON Schema object. */
export type JsonSchema = Record<string, unknown>;

/** A schema: a Standard (JSON) Schema or a plain JSON Schema. */
export type SchemaInput<Output = unknown> = StandardSchemaLike<Output> | JsonSchema;

/** The output type of a schema (`unknown` for plain JSON Schema). */
export type InferOutput<S> = S extends StandardSchemaLike<infer O> ? O : unknown;

// arktype types are callable: a Standard Schema may be a function as well as an object.
function isStandard(schema: unknown): schema is StandardSchemaLike {
  return (schema as StandardSchemaLike | undefined)?.["~standard"] !== undefined;
}

/**
 * The JSON Schema of a schema (draft 2020-12, `$schema` removed).
 *
 * @example
 * ```ts
 * import { toJsonSchema } from "@bedrock-fetch/core/chat";
 * toJsonSchema({ type: "object", properties: {} }, "tools[0].input"); // { type: "object", properties: {} }
 * ```
 */
export function toJsonSchema(schema: SchemaInput, path: string): JsonSchema {
  if (!isStandard(schema)) {
    return typeof schema === "object" && schema !== null
      ? schema
      : invalid(path, "must be a Standard JSON Schema or a JSON Schema");
  }
  const std = schema["~standard"];
  if (std.jsonSchema === undefined) {
    invalid(
      path,
      `the ${std.vendor} schema does not implement Standard JSON Schema; pass a JSON Schema`,
    );
  }
  let json: JsonSchema;
  try {
    json = std.jsonSchema.input({ target: "draft-2020-12" });
  } catch (cause) {
    invalid(path, "cannot be converted to JSON Schema", cause);
  }
  const { $schema: _, ...rest } = json;
  return rest;
}

/**
 * Validates a value with a schema. Plain JSON Schemas are not validated (the value passes).
 *
 * @example
 * ```ts
 * import { validateWith } from "@bedrock-fetch/core/chat";
 * await validateWith({ type: "object" }, { a: 1 }); // { value: { a: 1 } }
 * ```
 */
export async function validateWith<S extends SchemaInput>(
  schema: S,
  value: unknown,
): Promise<{ value: InferOutput<S>; issues?: undefined } | { issues: readonly SchemaIssue[] }> {
  if (!isStandard(schema)) return { value: value as InferOutput<S> };
  const result = await schema["~standard"].validate(value);
  if (result.issues !== undefined) return { issues: result.issues };
  return { value: result.value as InferOutput<S> };
}

/**
 * Formats issues as one line each: `path: message`.
 *
 * @example
 * ```ts
 * import { formatIssues } from "@bedrock-fetch/core/chat";
 * formatIssues([{ message: "Required", path: ["city"] }]); // "city: Required"
 * ```
 */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((i) => {
    const path = (i.path ?? []).map((p) => String((p as { key?: PropertyKey }).key ?? p)).join(".");
    return path === "" ? i.message : `${path}: ${i.message}`;
  }).join("\n");
}
