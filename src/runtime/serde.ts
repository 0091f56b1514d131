/**
 * JSON serde driven by the generated {@linkcode SERDE} table: only the members that lead to a blob
 * (requests) or to a blob or union (responses) are visited; everything else goes through
 * `JSON.stringify`/`JSON.parse` untouched. The table is linked into node objects once at load, so
 * the walk follows references instead of looking shapes up by name.
 *
 * @module
 */
import { SERDE } from "./_schema.ts";
import { fromBase64, toBase64 } from "./base64.ts";

type Obj = Record<string, unknown>;

/** A linked serde node: kind 0 structure, 1 union, 2 list, 3 map, 4 blob. */
interface Node {
  kind: 0 | 1 | 2 | 3 | 4;
  /** Contains a blob (the request walk enters only these). */
  ser: boolean;
  /** Members leading to a blob or union, as [name, node] pairs. */
  members: [string, Node][];
  /** The same members by name. */
  byName: Map<string, Node>;
  /** Members leading to a blob. */
  serMembers: [string, Node][];
  /** Every member name of a union. */
  union: Set<string> | undefined;
  /** The element (lists) or value (maps) node. */
  element: Node | undefined;
}

const BLOB: Node = {
  kind: 4,
  ser: true,
  members: [],
  byName: new Map(),
  serMembers: [],
  union: undefined,
  element: undefined,
};
const NODES = new Map<string, Node>();

function link(name: string): Node | undefined {
  if (name === "B") return BLOB;
  const known = NODES.get(name);
  if (known) return known;
  const raw = SERDE[name];
  if (!raw) return undefined;
  const node: Node = {
    kind: raw.k,
    ser: raw.s,
    members: [],
    byName: new Map(),
    serMembers: [],
    union: raw.u ? new Set(raw.u) : undefined,
    element: undefined,
  };
  NODES.set(name, node);
  if (raw.e !== undefined) node.element = link(raw.e);
  const ser = new Set(raw.sm ?? []);
  for (const [member, target] of Object.entries(raw.m ?? {})) {
    const child = link(target);
    if (!child) continue;
    node.members.push([member, child]);
    node.byName.set(member, child);
    if (ser.has(member)) node.serMembers.push([member, child]);
  }
  return node;
}
for (const name of Object.keys(SERDE)) link(name);

/**
 * Returns `value` with every blob member reachable from `shape` replaced by its base64 text. The
 * input is never mutated: objects on the way to a blob are shallow-copied, the rest is shared.
 */
export function serializeShape(shape: string, value: unknown): unknown {
  const node = NODES.get(shape);
  return node ? serialize(node, value) : value;
}

function serialize(node: Node, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (node === BLOB) return blobToBase64(value);
  if (!node.ser || typeof value !== "object") return value;
  if (node.kind === 2) {
    if (!Array.isArray(value)) return value;
    const e = node.element!;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const s = serialize(e, v);
      if (s !== v) {
        out ??= value.slice();
        out[i] = s;
      }
    }
    return out ?? value;
  }
  const obj = value as Obj;
  let out: Obj | undefined;
  if (node.kind === 3) {
    for (const key in obj) {
      const v = obj[key];
      const s = serialize(node.element!, v);
      if (s !== v) (out ??= { ...obj })[key] = s;
    }
    return out ?? value;
  }
  for (const [name, child] of node.serMembers) {
    const v = obj[name];
    if (v === undefined) continue;
    const s = serialize(child, v);
    if (s !== v) (out ??= { ...obj })[name] = s;
  }
  return out ?? value;
}

const UTF8 = new TextEncoder();

/** Base64 of a blob given as bytes, any ArrayBuffer view, an ArrayBuffer, or text (as UTF-8, like the SDK). */
function blobToBase64(value: unknown): unknown {
  if (value instanceof Uint8Array) return toBase64(value);
  if (typeof value === "string") return toBase64(UTF8.encode(value));
  if (ArrayBuffer.isView(value)) {
    return toBase64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (value instanceof ArrayBuffer) return toBase64(new Uint8Array(value));
  return value;
}

/**
 * Converts a freshly parsed JSON value of `shape` in place: base64 blob members become
 * `Uint8Array`s, and a union whose only member is not in the model becomes
 * `{ $unknown: [name, value] }` (as `@aws-sdk/client-bedrock-runtime` does). Returns the value.
 */
export function deserializeShape(shape: string, value: unknown): unknown {
  const node = NODES.get(shape);
  return node ? deserialize(node, value) : value;
}

function deserialize(node: Node, value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return node === BLOB && typeof value === "string" ? fromBase64(value) : value;
  }
  if (node.kind === 2) {
    if (Array.isArray(value)) {
      const e = node.element!;
      for (let i = 0; i < value.length; i++) value[i] = deserialize(e, value[i]);
    }
    return value;
  }
  const obj = value as Obj;
  if (node.kind === 3) {
    for (const key in obj) obj[key] = deserialize(node.element!, obj[key]);
    return value;
  }
  if (node.kind === 1) {
    let known = false;
    let count = 0;
    let only = "";
    for (const key in obj) {
      count++;
      only = key;
      const child = node.byName.get(key);
      if (child !== undefined) {
        known = true;
        obj[key] = deserialize(child, obj[key]);
      } else if (!known && node.union!.has(key)) known = true;
    }
    return !known && count === 1 ? { $unknown: [only, obj[only]] } : value;
  }
  for (const [name, child] of node.members) {
    const v = obj[name];
    if (v !== undefined && v !== null) obj[name] = deserialize(child, v);
  }
  return value;
}
