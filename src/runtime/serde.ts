/**
 * JSON serde driven by the generated {@linkcode SERDE} table: only the members that lead to a blob
 * (requests) or to a blob or union (responses) are visited; everything else goes through
 * `JSON.stringify`/`JSON.parse` untouched.
 *
 * @module
 */
import { SERDE, type SerdeNode } from "./_schema.ts";
import { fromBase64, toBase64 } from "./base64.ts";

const BLOB = "B";
const NONE: string[] = [];
const NO_MEMBERS: Record<string, string> = {};
type Obj = Record<string, unknown>;

/**
 * Returns `value` with every blob member reachable from `shape` replaced by its base64 text. The
 * input is never mutated: objects on the way to a blob are shallow-copied, the rest is shared.
 */
export function serializeShape(shape: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (shape === BLOB) return value instanceof Uint8Array ? toBase64(value) : value;
  const node = SERDE[shape];
  if (!node || !node.s || typeof value !== "object") return value;
  if (node.k === 2) {
    if (!Array.isArray(value)) return value;
    const e = node.e!;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const s = serializeShape(e, v);
      if (s !== v) {
        out ??= value.slice();
        out[i] = s;
      }
    }
    return out ?? value;
  }
  if (node.k === 3) {
    let out: Obj | undefined;
    for (const key in value as Obj) {
      const v = (value as Obj)[key];
      const s = serializeShape(node.e!, v);
      if (s !== v) (out ??= { ...(value as Obj) })[key] = s;
    }
    return out ?? value;
  }
  return serializeMembers(node, value as Obj);
}

function serializeMembers(node: SerdeNode, value: Obj): Obj {
  let out: Obj | undefined;
  const members = node.m!;
  for (const name of node.sm ?? NONE) {
    const v = value[name];
    if (v === undefined) continue;
    const s = serializeShape(members[name]!, v);
    if (s !== v) (out ??= { ...value })[name] = s;
  }
  return out ?? value;
}

/**
 * Converts a freshly parsed JSON value of `shape` in place: base64 blob members become
 * `Uint8Array`s, and a union whose only member is not in the model becomes
 * `{ $unknown: [name, value] }` (as `@aws-sdk/client-bedrock-runtime` does). Returns the value.
 */
export function deserializeShape(shape: string, value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return shape === BLOB && typeof value === "string" ? fromBase64(value) : value;
  }
  const node = SERDE[shape];
  if (!node) return value;
  if (node.k === 2) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = deserializeShape(node.e!, value[i]);
    }
    return value;
  }
  const obj = value as Obj;
  if (node.k === 3) {
    for (const key in obj) obj[key] = deserializeShape(node.e!, obj[key]);
    return value;
  }
  const members = node.m ?? NO_MEMBERS;
  if (node.k === 1) {
    let known = false;
    let count = 0;
    let only = "";
    for (const key in obj) {
      count++;
      only = key;
      const target = members[key];
      if (target !== undefined) {
        known = true;
        obj[key] = deserializeShape(target, obj[key]);
      } else if (!known && node.u!.includes(key)) known = true;
    }
    if (!known && count === 1) return { $unknown: [only, obj[only]] };
    return value;
  }
  for (const key in members) {
    const v = obj[key];
    if (v !== undefined && v !== null) obj[key] = deserializeShape(members[key]!, v);
  }
  return value;
}
