/**
 * The tool-running loop: call the model, validate each tool call's arguments with its schema, run
 * the tools (in parallel), send the results back, until the model stops or the step limit.
 *
 * @module
 */
import {
  chat,
  type ChatOptions,
  type ChatResult,
  streamChat,
  toChatResult,
  type ToolCall,
} from "./chat.ts";
import type { ChatStreamEvent } from "./events.ts";
import { invalid, put } from "./_util.ts";
import { formatIssues, validateWith } from "./schema.ts";
import type { ToolDefinition } from "./tools.ts";
import type { MessageInput, ToolResultPart } from "./types.ts";

/** One tool execution in a step. */
export interface ToolExecution {
  /** The call. */
  call: ToolCall;
  /** The result sent back. */
  result: ToolResultPart;
  /** Whether the arguments failed the schema. */
  invalid: boolean;
}

/** One model call and the tools it ran. */
export interface ToolStep {
  /** The step number, from 0. */
  index: number;
  /** The model's answer. */
  result: ChatResult;
  /** The tools run after it (empty on the last step). */
  tools: ToolExecution[];
}

/** Options of {@linkcode runTools}. */
export interface RunToolsOptions extends ChatOptions {
  /** The tools. */
  tools: readonly ToolDefinition[];
  /** The most model calls. @default 8 */
  maxSteps?: number;
  /** Called after every step. */
  onStep?: (step: ToolStep) => void | Promise<void>;
  /** When given, each model call streams (ConverseStream) and every event is passed here. */
  onEvent?: (event: ChatStreamEvent, step: number) => void;
}

/** The outcome of {@linkcode runTools}. */
export interface RunToolsResult {
  /** The final model answer. */
  result: ChatResult;
  /** Every step. */
  steps: ToolStep[];
  /** The conversation: the input messages plus the new assistant and tool turns. */
  messages: MessageInput[];
  /** Why the loop ended. */
  finish: "done" | "max-steps" | "no-runner";
}

async function execute(
  call: ToolCall,
  tools: Map<string, ToolDefinition>,
  signal: AbortSignal | undefined,
): Promise<ToolExecution> {
  const def = tools.get(call.name);
  const result = (content: unknown, invalid = false, isError = true): ToolExecution => ({
    call,
    invalid,
    result: put({ type: "tool-result", id: call.id, content }, "isError", isError || undefined),
  });
  if (!def?.run) return result(`Unknown tool "${call.name}"`);
  const checked = await validateWith(def.input, call.input);
  if (checked.issues) {
    return result(
      `Invalid arguments for tool "${call.name}":\n${formatIssues(checked.issues)}`,
      true,
    );
  }
  try {
    const context = put({ toolUseId: call.id }, "signal", signal);
    return result(await def.run(checked.value as never, context), false, false);
  } catch (e) {
    if (signal?.aborted) throw e;
    return result(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
}

/**
 * Runs the tool loop. Every step is reported to `onStep`; `signal` aborts the model calls and
 * is handed to the tools.
 *
 * @example
 * ```ts ignore
 * import { runTools, tool } from "@bedrock-fetch/core/chat";
 * import { z } from "zod";
 * const weather = tool({ name: "weather", input: z.object({ city: z.string() }), run: ({ city }) => `Sunny in ${city}` });
 * const { result } = await runTools(bedrock, { model, messages: ["Weather in Paris?"], tools: [weather] });
 * ```
 */
export async function runTools(
  client: Parameters<typeof chat>[0],
  options: RunToolsOptions,
): Promise<RunToolsResult> {
  const maxSteps = options.maxSteps ?? 8;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    invalid("maxSteps", `must be an integer >= 1, got ${String(maxSteps)}`);
  }
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const messages: MessageInput[] = options.messages.slice();
  const steps: ToolStep[] = [];
  for (let index = 0;; index++) {
    options.signal?.throwIfAborted();
    const onEvent = options.onEvent;
    let result: ChatResult;
    if (onEvent === undefined) result = await chat(client, { ...options, messages });
    else {
      const stream = streamChat(client, { ...options, messages });
      for await (const event of stream) onEvent(event, index);
      result = toChatResult(await stream.finalMessage(), stream.warnings);
    }
    const step: ToolStep = { index, result, tools: [] };
    steps.push(step);
    messages.push(result.message as MessageInput); // the assistant turn, sent back as is
    const calls = result.toolCalls;
    const finish = result.stopReason !== "tool_use" || calls.length === 0
      ? "done"
      : !calls.every((c) => byName.get(c.name)?.run !== undefined || !byName.has(c.name))
      ? "no-runner"
      : index + 1 >= maxSteps
      ? "max-steps"
      : undefined;
    if (finish === undefined) {
      step.tools = await Promise.all(calls.map((c) => execute(c, byName, options.signal)));
      messages.push({ role: "tool", content: step.tools.map((t) => t.result) });
    }
    await options.onStep?.(step);
    if (finish !== undefined) return { result, steps, messages, finish };
  }
}
