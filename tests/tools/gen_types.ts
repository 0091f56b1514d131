/**
 * Generates `src/runtime/types.ts` (wire types) and `src/runtime/_schema.ts` (serde and HTTP-binding
 * tables) from the Smithy model in ../shared/spec, merged with the members that only the newer
 * botocore model has (OPERATIONS.md Appendix A).
 *
 * Usage: `deno run -A tests/tools/gen_types.ts [outDir]` (default `src/runtime`), then `deno fmt`.
 * `tests/runtime/gen_types_test.ts` regenerates into a temporary folder and compares.
 *
 * @module
 */
import { SPEC_DIR } from "../_spec.ts";

const NS = "com.amazonaws.bedrockruntime#";
const OPERATIONS = [
  "Converse",
  "ConverseStream",
  "InvokeModel",
  "InvokeModelWithResponseStream",
  "CountTokens",
  "ApplyGuardrail",
] as const;

// deno-lint-ignore no-explicit-any
type Json = any;
interface Member {
  target: string;
  traits?: Record<string, Json>;
}
interface Shape {
  type: string;
  members?: Record<string, Member>;
  member?: Member;
  key?: Member;
  value?: Member;
  input?: { target: string };
  output?: { target: string };
  traits?: Record<string, Json>;
}

const PRIMS: Record<string, string> = {
  string: "smithy.api#String",
  integer: "smithy.api#Integer",
  long: "smithy.api#Long",
  double: "smithy.api#Double",
  float: "smithy.api#Float",
  boolean: "smithy.api#Boolean",
  blob: "smithy.api#Blob",
  timestamp: "smithy.api#Timestamp",
};

/** Loads the Smithy model and merges members/enum values only present in the botocore model. */
export function loadModel(specDir: string = SPEC_DIR): Record<string, Shape> {
  const shapes: Record<string, Shape> = JSON.parse(
    Deno.readTextFileSync(`${specDir}/bedrock-runtime.smithy.json`),
  ).shapes;
  const boto: Record<string, Json> = JSON.parse(
    Deno.readTextFileSync(`${specDir}/bedrock-runtime.botocore.json`),
  ).shapes;
  const doc = (d: string | undefined) => d ? { "smithy.api#documentation": d } : {};
  const convert = (name: string): string => {
    const b = boto[name];
    if (b.type === "string" && b.enum) {
      if (!shapes[NS + name]) {
        shapes[NS + name] = {
          type: "enum",
          members: Object.fromEntries(
            b.enum.map((v: string) => [v.toUpperCase(), {
              target: "smithy.api#Unit",
              traits: { "smithy.api#enumValue": v },
            }]),
          ),
        };
      }
      return NS + name;
    }
    if (PRIMS[b.type]) return PRIMS[b.type]!;
    if (shapes[NS + name]) return NS + name;
    if (b.type !== "structure") throw new Error(`Cannot convert botocore shape ${name}`);
    const members: Record<string, Member> = {};
    for (const [m, bm] of Object.entries<Json>(b.members)) {
      members[m] = {
        target: convert(bm.shape),
        traits: {
          ...doc(bm.documentation),
          ...(b.required?.includes(m) ? { "smithy.api#required": {} } : {}),
        },
      };
    }
    shapes[NS + name] = { type: "structure", members, traits: doc(b.documentation) };
    return NS + name;
  };
  // Walk the shapes reachable in the smithy model; add what botocore has on top.
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id) || !id.startsWith(NS)) return;
    seen.add(id);
    const s = shapes[id]!;
    const name = id.slice(NS.length);
    const b = boto[name];
    if (b && (s.type === "structure" || s.type === "union") && b.members) {
      for (const [m, bm] of Object.entries<Json>(b.members)) {
        if (s.members![m]) continue;
        const traits: Record<string, Json> = { ...doc(bm.documentation) };
        if (bm.location === "header") traits["smithy.api#httpHeader"] = bm.locationName;
        if (b.required?.includes(m)) traits["smithy.api#required"] = {};
        s.members![m] = { target: convert(bm.shape), traits };
      }
    }
    if (b && s.type === "enum" && b.enum) {
      const have = new Set(
        Object.values(s.members!).map((m) => m.traits?.["smithy.api#enumValue"]),
      );
      for (const v of b.enum as string[]) {
        if (!have.has(v)) {
          s.members![v.toUpperCase()] = {
            target: "smithy.api#Unit",
            traits: { "smithy.api#enumValue": v },
          };
        }
      }
    }
    for (const m of Object.values(s.members ?? {})) visit(m.target);
    for (const m of [s.member, s.key, s.value]) if (m) visit(m.target);
  };
  for (const op of OPERATIONS) {
    visit(shapes[NS + op]!.input!.target);
    visit(shapes[NS + op]!.output!.target);
  }
  return shapes;
}

const short = (id: string) => id.slice(id.indexOf("#") + 1);

function firstSentence(html: string | undefined): string {
  if (!html) return "";
  const text = html.replace(/<[^>]+>/g, " ").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&").replace(/\s+/g, " ").trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return (m ? m[1]! : text).replace(/\*\//g, "* /").replace(/@/g, "(at)");
}

function jsdoc(text: string, indent = ""): string {
  return text ? `${indent}/** ${text} */\n` : "";
}

/** Generates both files' text (unformatted). */
export function generate(shapes: Record<string, Shape>): { types: string; schema: string } {
  const reach = new Set<string>();
  const errorShapes = new Set<string>();
  const visit = (id: string) => {
    if (reach.has(id) || !id.startsWith(NS)) return;
    const s = shapes[id]!;
    if (s.traits?.["smithy.api#error"]) {
      errorShapes.add(id);
      return;
    }
    reach.add(id);
    for (const m of Object.values(s.members ?? {})) visit(m.target);
    for (const m of [s.member, s.key, s.value]) if (m) visit(m.target);
  };
  for (const op of OPERATIONS) {
    visit(shapes[NS + op]!.input!.target);
    visit(shapes[NS + op]!.output!.target);
  }
  // The serde tables handle blobs, documents and unions; no timestamp is reachable from these six
  // operations today. Fail loudly if a model update adds one, so serde learns it first.
  for (const id of reach) {
    for (const [m, mem] of Object.entries(shapes[id]!.members ?? {})) {
      const t = mem.target;
      if (t === "smithy.api#Timestamp" || shapes[t]?.type === "timestamp") {
        throw new Error(`Cannot generate: ${short(id)}.${m} is a timestamp; teach serde.ts first`);
      }
    }
  }
  const isStreamUnion = (id: string) => !!shapes[id]?.traits?.["smithy.api#streaming"];
  const typeOf = (id: string, payloadIn = false): string => {
    if (id.startsWith("smithy.api#")) {
      const p = id.slice(11);
      if (p === "Blob") return payloadIn ? "Uint8Array | string" : "Uint8Array";
      if (p === "Document") return "DocumentType";
      if (p === "Timestamp") return "Date";
      if (p === "Boolean" || p === "PrimitiveBoolean") return "boolean";
      if (p === "String") return "string";
      return "number";
    }
    const s = shapes[id]!;
    switch (s.type) {
      case "string":
        return "string";
      case "integer":
      case "long":
      case "double":
      case "float":
        return "number";
      case "boolean":
        return "boolean";
      case "blob":
        return payloadIn ? "Uint8Array | string" : "Uint8Array";
      case "document":
        return "DocumentType";
      case "timestamp":
        return "Date";
      case "union":
        return isStreamUnion(id) ? `AsyncIterable<${short(id)}>` : short(id);
      default:
        return short(id);
    }
  };
  const out: string[] = [];
  out.push(
    "// Generated by tests/tools/gen_types.ts from ../shared/spec (Smithy model + botocore additions). Do not edit.\n",
    "/**\n * Wire types of the Bedrock Runtime operations, member for member as in\n",
    " * `@aws-sdk/client-bedrock-runtime`.\n *\n * @example\n * ```ts\n",
    ' * import type { ConverseRequest } from "./types.ts";\n',
    ' * const input: ConverseRequest = { modelId: "amazon.nova-lite-v1:0", messages: [] };\n',
    " * ```\n *\n * @module\n */\n\n",
    "/** A JSON value (Smithy `document`). */\n",
    "export type DocumentType =\n  | null\n  | boolean\n  | number\n  | string\n  | DocumentType[]\n  | { [key: string]: DocumentType };\n\n",
  );
  const sorted = [...reach].sort((a, b) => short(a).localeCompare(short(b)));
  const payloadInputs = new Set<string>();
  for (const op of OPERATIONS) {
    const inp = shapes[shapes[NS + op]!.input!.target]!;
    for (const m of Object.values(inp.members!)) {
      if (m.traits?.["smithy.api#httpPayload"]) payloadInputs.add(m.target);
    }
  }
  for (const id of sorted) {
    const s = shapes[id]!;
    const name = short(id);
    const d = firstSentence(s.traits?.["smithy.api#documentation"]) ||
      `The \`${name}\` shape of the Bedrock Runtime model.`;
    if (s.type === "structure" && Object.keys(s.members!).length === 0) {
      out.push(jsdoc(d), `export type ${name} = Record<never, never>;\n\n`);
    } else if (s.type === "structure") {
      out.push(jsdoc(d), `export interface ${name} {\n`);
      for (const [m, mem] of Object.entries(s.members!)) {
        const req = !!mem.traits?.["smithy.api#required"];
        const isPayloadIn = name.endsWith("Request") && !!mem.traits?.["smithy.api#httpPayload"];
        const t = typeOf(mem.target, isPayloadIn);
        out.push(
          jsdoc(
            firstSentence(mem.traits?.["smithy.api#documentation"]) || `The \`${m}\` member.`,
            "  ",
          ),
          `  ${m}${req ? "" : "?"}: ${t}${req ? "" : " | undefined"};\n`,
        );
      }
      out.push("}\n\n");
    } else if (s.type === "union") {
      // As in the AWS SDK, each member declares the others absent (`?: never`), so that
      // `event.contentBlockDelta?.delta?.text` type-checks without narrowing first.
      const names = Object.entries(s.members!).filter(([, m]) => !errorShapes.has(m.target));
      const absent = (except: string) =>
        [...names.map(([m]) => m), "$unknown"].filter((m) => m !== except)
          .map((m) => `${m}?: never`).join("; ");
      const alts = names.map(([m, mem]) => `{ ${m}: ${typeOf(mem.target)}; ${absent(m)} }`);
      out.push(jsdoc(d), `export type ${name} =\n`, ...alts.map((a) => `  | ${a}\n`));
      out.push(`  | { $unknown: [string, unknown]; ${absent("$unknown")} };\n\n`);
    } else if (s.type === "enum") {
      const vals = Object.values(s.members!).map((m) =>
        JSON.stringify(m.traits!["smithy.api#enumValue"])
      );
      out.push(jsdoc(d), `export type ${name} =\n`, ...vals.map((v) => `  | ${v}\n`));
      out.push("  | (string & Record<never, never>);\n\n");
    } else if (s.type === "list") {
      out.push(jsdoc(d), `export type ${name} = ${typeOf(s.member!.target)}[];\n\n`);
    } else if (s.type === "map") {
      out.push(jsdoc(d), `export type ${name} = Record<string, ${typeOf(s.value!.target)}>;\n\n`);
    }
    // Scalars (string, integer, blob, ...) are inlined.
  }

  // ---- schema tables -------------------------------------------------------------------------
  // One serde graph for both directions. Node 0 is the blob. Shapes reachable from a JSON output
  // keep every member leading to a blob or a union, and a union lists all its member names (for
  // `$unknown`); shapes reachable only from a JSON input keep the members leading to a blob. Lists
  // are walked element by element, so a list shape is replaced by its element's node; event-stream
  // unions are plain structures (the decoder already drops unknown event types).
  const isBlob = (id: string) => id === "smithy.api#Blob" || shapes[id]?.type === "blob";
  const members = (s: Shape) =>
    Object.entries(s.members ?? {}).filter(([, m]) => !errorShapes.has(m.target));
  const children = (s: Shape) => [
    ...members(s).map(([, m]) => m.target),
    ...[s.member, s.value].filter((m) => m).map((m) => m!.target),
  ];
  const memo = new Map<string, boolean>();
  // Whether a shape leads to a blob, or (de) to a blob or a non-stream union.
  const needs = (id: string, de: boolean, stack = new Set<string>()): boolean => {
    const key = `${de}|${id}`;
    if (memo.has(key)) return memo.get(key)!;
    if (isBlob(id)) return true;
    const s = shapes[id];
    if (!s || !reach.has(id) || stack.has(id)) return false;
    stack.add(id);
    let r = de && s.type === "union" && !isStreamUnion(id);
    for (const t of children(s)) if (needs(t, de, stack)) r = true;
    stack.delete(id);
    memo.set(key, r);
    return r;
  };
  const reachFrom = (roots: string[]) => {
    const seen = new Set<string>();
    const walk = (id: string) => {
      if (seen.has(id) || !reach.has(id)) return;
      seen.add(id);
      for (const t of children(shapes[id]!)) walk(t);
    };
    roots.forEach(walk);
    return seen;
  };
  // JSON bodies only: a blob payload is sent and returned raw; a stream's root is its event union.
  const roots = OPERATIONS.map((op) => {
    const o = shapes[NS + op]!;
    const payloadOf = (id: string) =>
      Object.values(shapes[id]!.members!).find((m) => m.traits?.["smithy.api#httpPayload"]);
    const inPayload = payloadOf(o.input!.target);
    const outPayload = payloadOf(o.output!.target)?.target;
    return {
      input: inPayload ? undefined : o.input!.target,
      output: outPayload === undefined
        ? o.output!.target
        : isStreamUnion(outPayload)
        ? outPayload
        : undefined,
    };
  });
  const outReach = reachFrom(roots.map((r) => r.output!).filter((r) => r));
  const inReach = reachFrom(roots.map((r) => r.input!).filter((r) => r));
  const deNode = (id: string) => outReach.has(id);
  const graph = sorted.filter((id) =>
    ["structure", "union", "map"].includes(shapes[id]!.type) &&
    ((deNode(id) && needs(id, true)) || (inReach.has(id) && needs(id, false)))
  );
  // The target a member leads to: lists are transparent.
  const resolve = (t: string): string => {
    const s = shapes[t];
    return s?.type === "list" ? resolve(s.member!.target) : t;
  };
  const nodeText = (id: string, ref: (t: string) => string) => {
    const s = shapes[id]!;
    const de = deNode(id);
    if (s.type === "map") return `*${ref(s.value!.target)}`;
    const union = de && s.type === "union" && !isStreamUnion(id);
    // The graph text uses `;`, `,`, `:`, `|` and `*` as separators.
    const bad = members(s).find(([k]) => !/^\w+$/.test(k));
    if (bad) throw new Error(`Cannot generate: member name ${short(id)}.${bad[0]} is not a word`);
    const entries = members(s).filter(([, m]) => union || needs(m.target, de))
      .map(([k, m]) => (needs(m.target, de) ? `${k}:${ref(m.target)}` : k));
    return (union ? "|" : "") + entries.join(",");
  };
  // Shapes with the same text (after merging their targets the same way) share one node.
  let cls = new Map(graph.map((id) => [id, 0]));
  for (;;) {
    const keys = new Map<string, number>();
    const next = new Map<string, number>();
    for (const id of graph) {
      const key = nodeText(id, (t) => (isBlob(t) ? "0" : `#${cls.get(resolve(t))}`));
      if (!keys.has(key)) keys.set(key, keys.size);
      next.set(id, keys.get(key)!);
    }
    const stable = keys.size === new Set(cls.values()).size;
    cls = next;
    if (stable) break;
  }
  const reps = graph.filter((id, i) => graph.findIndex((o) => cls.get(o) === cls.get(id)) === i);
  const index = new Map(
    graph.map((id) => [id, reps.findIndex((r) => cls.get(r) === cls.get(id)) + 1]),
  );
  const ref = (t: string): number => (isBlob(t) ? 0 : index.get(resolve(t))!);
  const nodes = reps.map((id) => {
    const names = graph.filter((o) => cls.get(o) === cls.get(id)).map(short).join(", ");
    return `  // ${index.get(id)} ${names}\n  ${
      JSON.stringify(`;${nodeText(id, (t) => `${ref(t)}`)}`)
    } +\n`;
  });
  const ops: string[] = [];
  OPERATIONS.forEach((op, n) => {
    const o = shapes[NS + op]!;
    const http = o.traits!["smithy.api#http"];
    if (http.method !== "POST") throw new Error(`Cannot generate: ${op} is not a POST`);
    const binding = (s: Shape) => {
      const headers: string[] = [];
      let payload = "";
      for (const [m, mem] of Object.entries(s.members!)) {
        const t = mem.traits ?? {};
        if (t["smithy.api#httpHeader"]) {
          headers.push(`[${JSON.stringify(m)}, ${JSON.stringify(t["smithy.api#httpHeader"])}]`);
        }
        if (t["smithy.api#httpPayload"]) payload = m;
      }
      return { headers, payload };
    };
    const outShape = shapes[o.output!.target]!;
    const i = binding(shapes[o.input!.target]!);
    if (i.headers.length && !i.payload) {
      // _request.ts only leaves header members out of the body of a raw-payload operation.
      throw new Error(
        `Cannot generate: ${op} has header members and a JSON body; teach _request.ts first`,
      );
    }
    const r = binding(outShape);
    const stream = r.payload ? outShape.members![r.payload]!.target : "";
    const events = isStreamUnion(stream) ? members(shapes[stream]!).map(([k]) => k) : [];
    const { input, output } = roots[n]!;
    ops.push(
      `  ${op}: {\n    uri: ${JSON.stringify(http.uri)},\n`,
      input && needs(input, false) ? `    input: ${ref(input)},\n` : "",
      output && needs(output, true) ? `    output: ${ref(output)},\n` : "",
      i.headers.length ? `    headers: [${i.headers.join(", ")}],\n` : "",
      i.payload ? `    payload: ${JSON.stringify(i.payload)},\n` : "",
      r.headers.length ? `    outHeaders: [${r.headers.join(", ")}],\n` : "",
      r.payload ? `    outPayload: ${JSON.stringify(r.payload)},\n` : "",
      events.length ? `    events: ${JSON.stringify(events.join(","))},\n` : "",
      `  },\n`,
    );
  });
  const schema = [
    "// Generated by tests/tools/gen_types.ts from ../shared/spec (Smithy model + botocore additions). Do not edit.\n",
    "/**\n * Compact serde and HTTP-binding tables for the runtime operations.\n *\n * @module\n */\n\n",
    "/**\n * The serde graph, one node per `;` (node 0, the empty text, is a blob): `|a,b:N` is a union\n",
    " * (every member name; `:N` when the member leads to node N), `*N` a map of node N, `a:N,b:M` a\n",
    " * structure's members that lead to a blob or (outputs) a union. Lists are walked with their\n",
    " * element's node.\n */\n",
    'export const SERDE: string = "" +\n',
    ...nodes,
    '  "";\n\n',
    "/** HTTP bindings of one operation (every operation is a POST). */\n",
    "export interface OperationBinding {\n  /** The URI template. */\n  uri: string;\n",
    "  /** The serde node of the input, if it has a blob or a union. */\n  input?: number;\n",
    "  /** The serde node of the output (of its events, for a stream), if it has a blob or a union. */\n",
    "  output?: number;\n",
    "  /** Header members of the input, as [member, header]. */\n  headers?: [string, string][];\n",
    "  /** The input member sent as the raw body. */\n  payload?: string;\n",
    "  /** Header members of the output. */\n  outHeaders?: [string, string][];\n",
    "  /** The output member holding the raw body or the event stream. */\n  outPayload?: string;\n",
    "  /** The event types of an event-stream output, comma-separated. */\n  events?: string;\n}\n\n",
    "/** HTTP bindings per operation, from the model's http/httpHeader/httpLabel/httpPayload traits. */\n",
    "export const OPERATIONS: Record<\n",
    `  ${OPERATIONS.map((o) => JSON.stringify(o)).join(" | ")},\n  OperationBinding\n> = {\n`,
    ...ops,
    "};\n",
  ].join("");
  return { types: out.join(""), schema };
}

if (import.meta.main) {
  const dir = Deno.args[0] ?? new URL("../../src/runtime", import.meta.url).pathname;
  const { types, schema } = generate(loadModel());
  Deno.writeTextFileSync(`${dir}/types.ts`, types);
  Deno.writeTextFileSync(`${dir}/_schema.ts`, schema);
  const fmt = new Deno.Command(Deno.execPath(), {
    args: [
      "fmt",
      "--quiet",
      "--config",
      new URL("../../deno.json", import.meta.url).pathname,
      `${dir}/types.ts`,
      `${dir}/_schema.ts`,
    ],
  }).outputSync();
  if (!fmt.success) throw new Error(new TextDecoder().decode(fmt.stderr));
}
