// Deterministic values built from a JSON schema: tool arguments and structured output.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, unknown>;

function isObject(v: unknown): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function resolve(root: Schema, schema: Schema, depth: number): Schema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || depth > 16) return schema;
  const parts = ref.replace(/^#\/?/, "").split("/").filter((p) => p !== "");
  let node: unknown = root;
  for (const p of parts) {
    node = isObject(node) ? node[p.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  }
  return isObject(node) ? resolve(root, node, depth + 1) : {};
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return (t.find((x) => x !== "null") ?? t[0]) as string | undefined;
  if (isObject(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

function stringFor(schema: Schema, name: string): string {
  const format = schema.format;
  let s = format === "date-time"
    ? "2025-01-01T00:00:00Z"
    : format === "date"
    ? "2025-01-01"
    : format === "email"
    ? "user@example.com"
    : format === "uri"
    ? "https://example.com/"
    : format === "uuid"
    ? "00000000-0000-4000-8000-000000000000"
    : `example ${name}`;
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  while (s.length < min) s += "x";
  return s.slice(0, Math.max(min, Math.min(max, s.length)));
}

function numberFor(schema: Schema, integer: boolean): number {
  const min = typeof schema.minimum === "number"
    ? schema.minimum
    : typeof schema.exclusiveMinimum === "number"
    ? schema.exclusiveMinimum + (integer ? 1 : 0.5)
    : 1;
  const max = typeof schema.maximum === "number"
    ? schema.maximum
    : typeof schema.exclusiveMaximum === "number"
    ? schema.exclusiveMaximum - (integer ? 1 : 0.5)
    : Infinity;
  let n = Math.min(Math.max(min, 1), max);
  if (integer) n = Number.isFinite(n) ? Math.ceil(n) : 1;
  return n;
}

function build(root: Schema, raw: unknown, name: string, depth: number): Json {
  if (!isObject(raw) || depth > 12) return null;
  const schema = resolve(root, raw, 0);
  if ("const" in schema) return schema.const as Json;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0] as Json;
  if ("default" in schema) return schema.default as Json;
  for (const key of ["anyOf", "oneOf"]) {
    const list = schema[key];
    if (Array.isArray(list) && list.length > 0) {
      const pick = list.find((s) => isObject(s) && s.type !== "null") ?? list[0];
      return build(root, pick, name, depth + 1);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Schema = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      const p = resolve(root, isObject(part) ? part : {}, 0);
      Object.assign(merged.properties as Schema, isObject(p.properties) ? p.properties : {});
      if (Array.isArray(p.required)) (merged.required as unknown[]).push(...p.required);
    }
    return build(root, merged, name, depth + 1);
  }
  switch (typeOf(schema)) {
    case "string":
      return stringFor(schema, name);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return true;
    case "null":
      return null;
    case "array": {
      const n = Math.max(1, typeof schema.minItems === "number" ? schema.minItems : 1);
      const max = typeof schema.maxItems === "number" ? schema.maxItems : n;
      const items: Json[] = [];
      for (let i = 0; i < Math.min(n, max, 64); i++) {
        items.push(build(root, schema.items ?? {}, name, depth + 1));
      }
      return items;
    }
    case "object": {
      const out: { [key: string]: Json } = {};
      const props = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
      for (const key of Object.keys(props)) out[key] = build(root, props[key], key, depth + 1);
      for (const key of required) if (!(key in out)) out[key] = `example ${key}`;
      return out;
    }
    default:
      return `example ${name}`;
  }
}

/**
 * A deterministic value that satisfies a JSON schema's types, required members, enums and ranges
 * (`$ref`, `anyOf`/`oneOf` (first), `allOf` (merged) are followed).
 */
export function valueFromSchema(schema: unknown): Json {
  return build(isObject(schema) ? schema : {}, schema, "value", 0);
}
