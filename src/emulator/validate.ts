// Converse/ConverseStream/CountTokens input validation with AWS's messages, each naming the member.
import { constraint, invalid } from "./errors.ts";
import {
  checkBlock,
  isObj,
  MAX_CACHE_POINTS,
  oneOf,
  range,
  type SignatureCheck,
  str,
  union,
} from "./validate_blocks.ts";

export type { SignatureCheck };

type Obj = Record<string, unknown>;
function checkTools(tc: unknown, seen: { cache: number }): Set<string> {
  const names = new Set<string>();
  if (tc === undefined) return names;
  if (!isObj(tc)) throw constraint("toolConfig", tc, "Member must be a structure");
  if (!Array.isArray(tc.tools) || tc.tools.length === 0) {
    throw constraint(
      "toolConfig.tools",
      tc.tools,
      "Member must have length greater than or equal to 1",
    );
  }
  tc.tools.forEach((tool, i) => {
    const path = `toolConfig.tools.${i}`;
    const kind = union(tool, path, new Set(["toolSpec", "cachePoint", "systemTool"]));
    if (kind === "cachePoint") {
      seen.cache++;
      return;
    }
    if (kind !== "toolSpec") return;
    const spec = (tool as Obj).toolSpec as Obj;
    const name = str(spec?.name, `${path}.toolSpec.name`);
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) {
      throw constraint(
        `${path}.toolSpec.name`,
        name,
        "Member must satisfy regular expression pattern: ^[a-zA-Z0-9_-]{1,64}$",
      );
    }
    if (names.has(name)) {
      throw invalid(`The tool name '${name}' at ${path}.toolSpec.name is used more than once.`);
    }
    names.add(name);
    const schema = isObj(spec.inputSchema) ? spec.inputSchema : undefined;
    if (schema === undefined || !isObj(schema.json)) {
      throw constraint(
        `${path}.toolSpec.inputSchema.json`,
        schema?.json,
        "Member must be a JSON object",
      );
    }
  });
  if (tc.toolChoice !== undefined) {
    const kind = union(tc.toolChoice, "toolConfig.toolChoice", new Set(["auto", "any", "tool"]));
    if (kind === "tool") {
      const name = str(
        ((tc.toolChoice as Obj).tool as Obj | undefined)?.name,
        "toolConfig.toolChoice.tool.name",
      );
      if (!names.has(name)) {
        throw invalid(
          `toolConfig.toolChoice.tool.name '${name}' is not one of the tools in toolConfig.tools.`,
        );
      }
    }
  }
  return names;
}

function checkInference(ic: unknown): void {
  if (ic === undefined) return;
  if (!isObj(ic)) throw constraint("inferenceConfig", ic, "Member must be a structure");
  range(ic.maxTokens, "inferenceConfig.maxTokens", 1, 2 ** 31 - 1, true);
  range(ic.temperature, "inferenceConfig.temperature", 0, 1, false);
  range(ic.topP, "inferenceConfig.topP", 0, 1, false);
  if (ic.stopSequences !== undefined) {
    if (!Array.isArray(ic.stopSequences) || ic.stopSequences.length > 2500) {
      throw constraint(
        "inferenceConfig.stopSequences",
        ic.stopSequences,
        "Member must be a list of length <= 2500",
      );
    }
    ic.stopSequences.forEach((s, i) => str(s, `inferenceConfig.stopSequences.${i}`));
  }
}

function checkOutputConfig(oc: unknown): void {
  if (oc === undefined) return;
  const tf = isObj(oc) ? oc.textFormat : undefined;
  if (tf === undefined) return;
  const f = isObj(tf) ? tf : {};
  oneOf(f.type, "outputConfig.textFormat.type", ["json_schema"]);
  const js = isObj(f.structure) && isObj(f.structure.jsonSchema) ? f.structure.jsonSchema : {};
  const path = "outputConfig.textFormat.structure.jsonSchema.schema";
  try {
    if (!isObj(JSON.parse(str(js.schema, path)))) throw new Error();
  } catch {
    throw invalid(`${path} must be a JSON schema object serialized as a string.`);
  }
}

/**
 * Validates a Converse-shaped input (Converse, ConverseStream, CountTokens `input.converse`);
 * throws a 400 ValidationException naming the member at fault.
 */
export function validateConverse(input: Obj, check: SignatureCheck, prefix = ""): void {
  const seen = { tool: false, cache: 0 };
  const messages = input.messages;
  if (messages === undefined) {
    throw constraint(`${prefix}messages`, undefined, "Member must not be null");
  }
  if (!Array.isArray(messages)) {
    throw constraint(`${prefix}messages`, messages, "Member must be a list");
  }
  if (messages.length === 0) {
    throw invalid(
      "A conversation must start with a user message. Try again with a conversation that starts with a user message. (messages)",
    );
  }
  if (input.system !== undefined) {
    if (!Array.isArray(input.system)) {
      throw constraint(`${prefix}system`, input.system, "Member must be a list");
    }
    input.system.forEach((s, i) => {
      const kind = union(
        s,
        `${prefix}system.${i}`,
        new Set(["text", "guardContent", "cachePoint"]),
      );
      if (kind === "cachePoint") seen.cache++;
      if (kind === "text" && typeof (s as Obj).text !== "string") {
        throw constraint(`${prefix}system.${i}.text`, (s as Obj).text, "Member must be a string");
      }
    });
  }
  checkInference(input.inferenceConfig);
  checkTools(input.toolConfig, seen);
  checkOutputConfig(input.outputConfig);
  if (
    input.additionalModelRequestFields !== undefined && !isObj(input.additionalModelRequestFields)
  ) {
    throw invalid(`${prefix}additionalModelRequestFields must be a JSON object.`);
  }
  let pendingToolUse: string[] = [];
  messages.forEach((m, i) => {
    const path = `${prefix}messages.${i}`;
    if (!isObj(m)) throw constraint(path, m, "Member must be a structure");
    oneOf(m.role, `${path}.role`, ["user", "assistant"]);
    if (i === 0 && m.role !== "user") {
      throw invalid(
        `A conversation must start with a user message. Try again with a conversation that starts with a user message. (${path}.role)`,
      );
    }
    if (i > 0 && (messages[i - 1] as Obj).role === m.role) {
      throw invalid(
        `A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again. (${path}.role)`,
      );
    }
    if (!Array.isArray(m.content) || m.content.length === 0) {
      throw invalid(
        `The content field in the Message object at ${path} is empty. Add a ContentBlock object to the content field and try again.`,
      );
    }
    const ids: string[] = [];
    m.content.forEach((b, j) => {
      checkBlock(b, `${path}.content.${j}`, m.role as string, check, seen);
      const tu = (b as Obj).toolUse as Obj | undefined;
      const tr = (b as Obj).toolResult as Obj | undefined;
      if (tu !== undefined) ids.push(String(tu.toolUseId));
      if (tr !== undefined && !pendingToolUse.includes(String(tr.toolUseId))) {
        throw invalid(
          `${path}.content.${j}.toolResult.toolUseId '${
            String(tr.toolUseId)
          }' does not match a toolUse block of the previous assistant turn.`,
        );
      }
    });
    if (m.role === "user" && pendingToolUse.length > 0) {
      const answered = new Set(
        m.content.map((b) => String(((b as Obj).toolResult as Obj | undefined)?.toolUseId)),
      );
      const missing = pendingToolUse.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        throw invalid(
          `Expected toolResult blocks at ${path}.content for the following Ids: ${
            missing.join(", ")
          }`,
        );
      }
    }
    pendingToolUse = m.role === "assistant" ? ids : [];
  });
  if (seen.tool && input.toolConfig === undefined) {
    throw invalid(
      "The toolConfig field must be defined when using toolUse and toolResult content blocks. (toolConfig)",
    );
  }
  if (seen.cache > MAX_CACHE_POINTS) {
    throw invalid(
      `A maximum of ${MAX_CACHE_POINTS} cachePoint blocks may be provided. Found ${seen.cache}. (cachePoint)`,
    );
  }
  const thinking = (input.additionalModelRequestFields as Obj | undefined)?.thinking;
  const temp = (input.inferenceConfig as Obj | undefined)?.temperature;
  if (isObj(thinking) && thinking.type === "enabled" && temp !== undefined && temp !== 1) {
    throw invalid(
      "inferenceConfig.temperature may only be set to 1 when thinking is enabled (additionalModelRequestFields.thinking).",
    );
  }
}
