// Bundle-size budget: esbuild-minified + gzipped size of small programs that use bedrock-fetch,
// the AWS SDK and aws4fetch the same way (platform browser, as a Worker or a web app would ship).

import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { REPO_DIR } from "../tests/_spec.ts";
import { bundleSource, stopBundler } from "../tests/_bundle.ts";

/** One measured program. */
export interface SizeResult {
  name: string;
  minified: number;
  gzipped: number;
  note?: string;
  /** The largest inputs by bytes in the minified output. */
  top?: Array<[string, number]>;
  /** Bytes in the minified output per folder. */
  folders?: Array<[string, number]>;
}

const CALLS = `
const input = (text) => ({ modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", messages: [{ role: "user", content: [{ text }] }] });
`;

/** The client entry: mod.ts once it exists, else the runtime client module it re-exports. */
export function clientEntry(): string {
  return existsSync(join(REPO_DIR, "mod.ts")) ? "./mod.ts" : "./src/runtime/client.ts";
}

/** The AWS SDK's command-style program, importing from `from` (the SDK, or our entry). */
function sdkStyle(from: string): string {
  return `import { BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand } from "${from}";
${CALLS}
const client = new BedrockRuntimeClient({ region: "us-east-1" });
export async function chat(text) {
  const out = await client.send(new ConverseCommand(input(text)));
  const { stream } = await client.send(new ConverseStreamCommand(input(text)));
  for await (const event of stream) console.log(event);
  return out;
}`;
}

/** Source of the programs to measure, keyed by name; undefined when an entry point is missing. */
export function programs(): Record<string, string | undefined> {
  const entry = clientEntry();
  const core = `import { BedrockRuntime } from "${entry}";
${CALLS}
const client = new BedrockRuntime({ region: "us-east-1" });
export async function chat(text) {
  const out = await client.converse(input(text));
  const { stream } = await client.converseStream(input(text));
  for await (const event of stream) console.log(event);
  return out;
}`;
  const hasChat = existsSync(join(REPO_DIR, "src/chat/mod.ts"));
  const chat = hasChat
    ? `import { BedrockRuntime } from "${entry}";
import { chat, runTools, streamChat, tool } from "./src/chat/mod.ts";
const client = new BedrockRuntime({ region: "us-east-1" });
const model = "anthropic.claude-3-5-haiku-20241022-v1:0";
const weather = tool({
  name: "weather",
  input: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  run: ({ city }) => ({ city, tempC: 21 }),
});
export async function run(text) {
  const { text: reply } = await chat(client, { model, messages: [text] });
  for await (const t of streamChat(client, { model, messages: [text] }).text()) console.log(t);
  const { result } = await runTools(client, { model, messages: [text], tools: [weather] });
  return [reply, result];
}`
    : undefined;
  const wholeChat = hasChat
    ? `import { BedrockRuntime } from "${entry}";
import * as chatLayer from "./src/chat/mod.ts";
export const client = new BedrockRuntime({ region: "us-east-1" });
export { chatLayer };`
    : undefined;
  return {
    "bedrock-fetch: BedrockRuntime converse + converseStream": core,
    "bedrock-fetch: BedrockRuntimeClient + ConverseCommand + ConverseStreamCommand (SDK style)":
      existsSync(join(REPO_DIR, "src/runtime/commands.ts")) ? sdkStyle(entry) : undefined,
    "bedrock-fetch: BedrockRuntime + chat layer (chat, streamChat, runTools, tool)": chat,
    "bedrock-fetch: BedrockRuntime + every export of ./chat (upper bound, incl. adapters)":
      wholeChat,
    "@aws-sdk/client-bedrock-runtime: ConverseCommand + ConverseStreamCommand": sdkStyle(
      "@aws-sdk/client-bedrock-runtime",
    ),
    "aws4fetch: AwsClient (signing + fetch only, no Bedrock API or event-stream decoding)": `
import { AwsClient } from "aws4fetch";
const client = new AwsClient({ accessKeyId: "AKID", secretAccessKey: "secret", service: "bedrock", region: "us-east-1" });
export function chat(text) {
  return client.fetch("https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse", { method: "POST", body: text });
}`,
  };
}

/** Bundles, minifies and gzips (level 9) one program given as source. */
export async function measure(name: string, source: string): Promise<SizeResult> {
  const result = await bundleSource(source, true);
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile!.outputs)[0]?.inputs ?? {};
  const top = Object.entries(inputs)
    .map(([file, v]): [string, number] => [file, v.bytesInOutput])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12);
  const byFolder: Record<string, number> = {};
  for (const [file, v] of Object.entries(inputs)) {
    const folder = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : file;
    byFolder[folder] = (byFolder[folder] ?? 0) + v.bytesInOutput;
  }
  const folders = Object.entries(byFolder).sort((a, b) => b[1] - a[1]);
  const gzipped = gzipSync(code, { level: 9 }).length;
  return { name, minified: code.length, gzipped, top, folders };
}

/** Measures every program that can be built now. */
export async function measureAll(): Promise<SizeResult[]> {
  const out: SizeResult[] = [];
  try {
    for (const [name, source] of Object.entries(programs())) {
      if (source === undefined) {
        out.push({ name, minified: NaN, gzipped: NaN, note: "entry point not written yet" });
        continue;
      }
      out.push(await measure(name, source));
    }
  } finally {
    await stopBundler();
  }
  return out;
}
