/**
 * JSON serde driven by the generated {@linkcode SERDE} graph: only the members that lead to a blob
 * or a union are visited; everything else goes through `JSON.stringify`/`JSON.parse` untouched.
 * The graph text is parsed into linked nodes once at load.
 *
 * @module
 */
import { SERDE } from "./_schema.ts";
import { fromBase64, toBase64 } from "./base64.ts";

type Obj = Record<string, unknown>;

/** A serde node: a union's member names, the members to descend into, a map's value node. */
interface Node {
  u: Set<string> | undefined;
  m: Map<string, Node>;
  e: Node | undefined;
}

// The graph text is parsed into linked nodes on first use (not at import: start time matters).
let NODES: Node[] | undefined;
function nodes(): Node[] {
  const texts = SERDE.split(";");
  const all: Node[] = texts.map(() => ({ u: undefined, m: new Map(), e: undefined }));
  texts.forEach((text, i) => {
    const node = all[i]!;
    if (text[0] === "*") node.e = all[+text.slice(1)];
    else if (text) {
      const union = text[0] === "|";
      if (union) node.u = new Set();
      for (const entry of text.slice(+union).split(",")) {
        const [name, ref] = entry.split(":") as [string, string?];
        node.u?.add(name);
        if (ref) node.m.set(name, all[+ref]!);
      }
    }
  });
  return all;
}
const nodeAt = (i: number): Node => (NODES ??= nodes())[i]!;

/**
 * Returns `value` with every blob reachable from serde node `node` replaced by its base64 text.
 * The input is never mutated: objects on the way to a blob are shallow-copied, the rest is shared.
 */
export function serializeShape(node: number | undefined, value: unknown): unknown {
  return node === undefined ? value : serialize(nodeAt(node), value);
}

/** With `found`, each blob's base64 text is pushed there and `marker` stands in its place. */
function serialize(node: Node, value: unknown, found?: string[], marker?: string): unknown {
  if (node === NODES![0]) {
    const bytes = toBytes(value);
    if (!bytes) return value;
    const text = toBase64(bytes);
    return found ? (found.push(text), marker) : text;
  }
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const s = serialize(node, v, found, marker);
      if (s !== v) (out ??= value.slice())[i] = s;
    }
    return out ?? value;
  }
  const obj = value as Obj;
  const { m, e } = node;
  let out: Obj | undefined;
  for (const key in obj) {
    const child = e ?? m.get(key);
    const v = obj[key];
    if (child === undefined || v === undefined) continue;
    const s = serialize(child, v, found, marker);
    if (s !== v) (out ??= { ...obj })[key] = s;
  }
  return out ?? value;
}

const UTF8 = new TextEncoder();

/**
 * The bytes of a blob given as a `Uint8Array`, any ArrayBuffer view, an ArrayBuffer, or text (as
 * UTF-8, like the SDK); `undefined` for anything else.
 */
export function toBytes(value: unknown): Uint8Array | undefined {
  return value instanceof Uint8Array
    ? value
    : typeof value === "string"
    ? UTF8.encode(value)
    : ArrayBuffer.isView(value)
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : value instanceof ArrayBuffer
    ? new Uint8Array(value)
    : undefined;
}

// Random, so that no input holds it by chance; made on first use (Workers refuse random values at
// global scope).
let marker: string | undefined;

/**
 * The JSON text of `value` (serde node `node`), blobs in base64: the same text as
 * `JSON.stringify(serializeShape(node, value))`, built without `JSON.stringify` scanning the base64
 * text (it needs no escaping) and without copying it again.
 */
export function jsonText(node: number | undefined, value: unknown): string {
  if (node === undefined) return JSON.stringify(value);
  marker ??= `bf:${crypto.randomUUID()}`;
  const found: string[] = [];
  const text = JSON.stringify(serialize(nodeAt(node), value, found, marker));
  if (!found.length) return text;
  const parts = text.split(`"${marker}"`);
  // A `toJSON` that dropped a marker, or an input holding it: serialize again without markers.
  if (parts.length !== found.length + 1) return JSON.stringify(serializeShape(node, value));
  return parts.reduce((all, part, i) => `${all}"${found[i - 1]}"${part}`);
}

/**
 * Converts a freshly parsed JSON value of serde node `node` in place: base64 blob members become
 * `Uint8Array`s, and a union whose only member is not in the model becomes
 * `{ $unknown: [name, value] }` (as `@aws-sdk/client-bedrock-runtime` does). Returns the value.
 */
export function deserializeShape(node: number | undefined, value: unknown): unknown {
  return node === undefined ? value : deserialize(nodeAt(node), value);
}

function deserialize(node: Node, value: unknown): unknown {
  if (value === null || typeof value !== "object") {
    return node === NODES![0] && typeof value === "string" ? fromBase64(value) : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const d = deserialize(node, v);
      if (d !== v) value[i] = d;
    }
    return value;
  }
  // Every key of a parsed object: a map's values, or the members that lead somewhere, plus (for a
  // union) whether any member is known.
  const obj = value as Obj;
  const { u, m, e } = node;
  let known = !u;
  let count = 0;
  let only = "";
  for (const key in obj) {
    count++;
    only = key;
    const child = e ?? m.get(key);
    if (child) {
      const v = obj[key];
      const d = deserialize(child, v);
      if (d !== v) obj[key] = d;
    }
    known ||= u!.has(key);
  }
  if (!known && count === 1) return { $unknown: [only, obj[only]] };
  return value;
}
