/**
 * `bedrock chat [prompt]`: streams a reply to the terminal as it arrives, or holds an interactive
 * conversation when no prompt is given.
 *
 * @module
 */
import { streamChat } from "../chat/chat.ts";
import type { MessageInput, Part } from "../chat/types.ts";
import type { BedrockRuntime } from "../runtime/client.ts";
import type { ConverseResponse } from "../runtime/types.ts";
import type { ResponseMetadata } from "../errors.ts";
import { list, num, type ParsedArgs, str, UsageError } from "./args.ts";
import { DEFAULT_MODEL } from "./client.ts";
import { dim, Spinner, usageLine } from "./format.ts";
import type { CliIO } from "./io.ts";

/** The options of `chat`. */
export const CHAT_OPTIONS = {
  system: { type: "string", short: "s" },
  "max-tokens": { type: "string" },
  temperature: { type: "string", short: "t" },
  attach: { type: "string", multiple: true, short: "a" },
  thinking: { type: "boolean" },
  "thinking-budget": { type: "string" },
  json: { type: "boolean" },
} as const;

/** Help text of `chat`. */
export const CHAT_HELP = `Usage: bedrock chat [prompt] [options]

Streams the model's reply as it arrives. Without a prompt, starts an interactive conversation
(one line per turn; Ctrl-D to end).

Options:
  -m, --model ID            model id, inference profile or ARN (default ${DEFAULT_MODEL})
  -s, --system TEXT         system prompt
      --max-tokens N        maximum output tokens
  -t, --temperature X       sampling temperature, 0 to 1
  -a, --attach FILE         attach an image, document, video or audio file (repeatable)
      --thinking            ask the model to reason first (shown dimmed)
      --thinking-budget N   reasoning token budget (default 1024)
      --json                print the whole response as JSON instead of streaming text
      --region REGION       AWS region (else AWS_REGION, AWS_DEFAULT_REGION, profile)
      --endpoint URL        custom endpoint, e.g. the emulator's http://127.0.0.1:PORT
      --profile NAME        shared config profile
      --token KEY           Bedrock API key (else AWS_BEARER_TOKEN_BEDROCK)
      --max-attempts N      attempts per call, the first included (default 3)
  -v, --verbose             more detail on errors
  -h, --help                this help
`;

const IMAGE = new Set(["png", "jpg", "jpeg", "gif", "webp"]);
const VIDEO = new Set(["mp4", "mov", "mkv", "webm", "flv", "mpeg", "mpg", "wmv", "3gp"]);
const AUDIO = new Set(["mp3", "wav", "ogg", "flac", "aac", "m4a", "opus", "pcm", "mka"]);

async function attachment(path: string, io: CliIO): Promise<Part> {
  const data = await io.readFile(path);
  const name = path.split(/[\\/]/).pop() ?? path;
  const ext = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  if (IMAGE.has(ext)) return { type: "image", data };
  if (VIDEO.has(ext)) return { type: "video", data };
  if (AUDIO.has(ext)) return { type: "audio", data };
  const base = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name;
  // Document names allow only letters, digits, spaces, hyphens, parentheses and brackets.
  const safe = base.replace(/[^A-Za-z0-9 \-()[\]]/g, "-").slice(0, 200) || "document";
  return { type: "document", data, name: `${safe}.${ext}` };
}

/** The settings of one chat session. */
interface Session {
  readonly model: string;
  readonly system: string | undefined;
  readonly maxTokens: number | undefined;
  readonly temperature: number | undefined;
  readonly thinking: number | undefined;
  readonly json: boolean;
}

async function turn(
  client: BedrockRuntime,
  session: Session,
  messages: MessageInput[],
  io: CliIO,
  signal: AbortSignal,
): Promise<ConverseResponse> {
  const started = performance.now();
  let firstToken: number | undefined;
  const spinner = new Spinner(io.err, io.errIsTTY && !session.json);
  let metadata: ResponseMetadata | undefined;
  // The client, with the stream call's $metadata (attempts, request id) kept for the usage line.
  const capturing = {
    converse: client.converse.bind(client),
    converseStream: async (...args: Parameters<BedrockRuntime["converseStream"]>) => {
      const res = await client.converseStream(...args);
      metadata = res.$metadata;
      return res;
    },
  };
  try {
    const stream = streamChat(capturing, {
      model: session.model,
      messages,
      signal,
      ...(session.system !== undefined && { system: session.system }),
      ...(session.maxTokens !== undefined && { maxTokens: session.maxTokens }),
      ...(session.temperature !== undefined && { temperature: session.temperature }),
      ...(session.thinking !== undefined && { reasoning: { budgetTokens: session.thinking } }),
    });
    let atLineStart = true;
    for await (const event of stream) {
      if (event.type === "text" || event.type === "reasoning") {
        firstToken ??= performance.now() - started;
        spinner.stop();
        if (session.json) continue;
        if (event.type === "text") io.out(event.text);
        else io.err(dim(event.text, io.errIsTTY));
        atLineStart = event.text.endsWith("\n");
      } else if (event.type === "tool-call" && !session.json) {
        spinner.stop();
        io.err(
          `${atLineStart ? "" : "\n"}[tool call ${event.name} ${JSON.stringify(event.input)}]\n`,
        );
        atLineStart = true;
      }
    }
    const final = await stream.finalMessage();
    spinner.stop();
    const totalMs = performance.now() - started;
    if (session.json) {
      io.out(`${JSON.stringify({ ...final, $metadata: metadata }, jsonBytes, 2)}\n`);
    } else {
      if (!atLineStart) io.out("\n");
      io.err(
        `${
          dim(
            usageLine(
              final.usage,
              { totalMs, firstTokenMs: firstToken, serverMs: final.metrics?.latencyMs },
              final.stopReason,
              metadata,
            ),
            io.errIsTTY,
          )
        }\n`,
      );
    }
    return final;
  } finally {
    spinner.stop();
  }
}

function jsonBytes(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: value.length } : value;
}

/**
 * Runs `chat`.
 *
 * @returns The exit code.
 */
export async function chatCommand(
  args: ParsedArgs,
  io: CliIO,
  client: BedrockRuntime,
  signal: AbortSignal,
): Promise<number> {
  const thinkingBudget = num(args, "thinking-budget", { min: 1, integer: true });
  const session: Session = {
    model: str(args, "model") ?? DEFAULT_MODEL,
    system: str(args, "system"),
    maxTokens: num(args, "max-tokens", { min: 1, integer: true }),
    temperature: num(args, "temperature", { min: 0, max: 1 }),
    thinking: args.options.thinking === true || thinkingBudget !== undefined
      ? thinkingBudget ?? 1024
      : undefined,
    json: args.options.json === true,
  };
  const attachments = await Promise.all(list(args, "attach").map((p) => attachment(p, io)));
  const messages: MessageInput[] = [];
  const prompt = args.positionals.join(" ").trim();
  if (prompt !== "") {
    messages.push({ role: "user", content: [...attachments, { type: "text", text: prompt }] });
    await turn(client, session, messages, io, signal);
    return 0;
  }
  if (session.json) throw new UsageError("--json needs a prompt");
  let pending: Part[] = attachments;
  for await (const line of io.lines("> ")) {
    const text = line.trim();
    if (text === "") continue;
    if (text === "/exit" || text === "/quit") break;
    messages.push({ role: "user", content: [...pending, { type: "text", text }] });
    pending = [];
    const final = await turn(client, session, messages, io, signal);
    const reply = final.output && "message" in final.output ? final.output.message : undefined;
    if (reply) messages.push({ role: "assistant", content: reply.content ?? [] });
  }
  return 0;
}
