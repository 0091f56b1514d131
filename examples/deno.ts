// Deno example: stream a Converse reply to stdout.
//
//   # against the local emulator (no AWS account needed), in another terminal:
//   deno task bedrock emulator --port 8787
//   BEDROCK_ENDPOINT=http://127.0.0.1:8787 deno run -A examples/deno.ts "Tell me about otters"
//   # against Amazon Bedrock: set AWS_REGION and credentials (env, profile, or
//   # AWS_BEARER_TOKEN_BEDROCK) and leave BEDROCK_ENDPOINT unset.
// In your own project import from "jsr:@bedrock-fetch/core" instead of "../mod.ts".
import { BedrockRuntime } from "../mod.ts";

const endpoint = Deno.env.get("BEDROCK_ENDPOINT");
const useEmulatorKeys = endpoint !== undefined && !Deno.env.get("AWS_ACCESS_KEY_ID") &&
  !Deno.env.get("AWS_BEARER_TOKEN_BEDROCK");
const bedrock = new BedrockRuntime({
  region: Deno.env.get("AWS_REGION") ?? "us-east-1",
  ...(endpoint ? { endpoint } : {}),
  // The emulator's default credentials; real ones come from the default chain.
  ...(useEmulatorKeys
    ? { credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" } }
    : {}),
});

const { stream } = await bedrock.converseStream({
  modelId: Deno.env.get("BEDROCK_MODEL") ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
  messages: [{ role: "user", content: [{ text: Deno.args[0] ?? "Write a haiku about rivers." }] }],
  inferenceConfig: { maxTokens: 256 },
});

const out = new TextEncoder();
for await (const event of stream) {
  if ("contentBlockDelta" in event) {
    const delta = event.contentBlockDelta.delta;
    if (delta && "text" in delta) await Deno.stdout.write(out.encode(delta.text));
  } else if ("messageStop" in event) {
    console.log(`\n[stop: ${event.messageStop.stopReason}]`);
  } else if ("metadata" in event) {
    const { inputTokens, outputTokens } = event.metadata.usage ?? {};
    console.log(`[tokens: ${inputTokens} in, ${outputTokens} out]`);
  }
}
