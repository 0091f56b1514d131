// A Cloudflare Worker that streams a Bedrock chat reply to the client as plain text.
//   GET /?q=Tell+me+about+otters
// Credentials come from the Worker's bindings (secrets), read through the client's `env` option:
// Workers have no process environment. With BEDROCK_ENDPOINT set (the local emulator), the
// emulator's default keys are used. In your own project import from "@bedrock-fetch/core".
import { BedrockRuntime } from "../../../mod.ts";

/** The Worker's bindings. */
export interface Env {
  AWS_REGION?: string;
  AWS_ACCESS_KEY_ID?: string;
  AWS_SECRET_ACCESS_KEY?: string;
  AWS_SESSION_TOKEN?: string;
  AWS_BEARER_TOKEN_BEDROCK?: string;
  BEDROCK_MODEL?: string;
  BEDROCK_ENDPOINT?: string;
  [name: string]: string | undefined;
}

function client(env: Env): BedrockRuntime {
  const useEmulatorKeys = env.BEDROCK_ENDPOINT !== undefined && !env.AWS_ACCESS_KEY_ID &&
    !env.AWS_BEARER_TOKEN_BEDROCK;
  return new BedrockRuntime({
    region: env.AWS_REGION ?? "us-east-1",
    env,
    ...(env.BEDROCK_ENDPOINT ? { endpoint: env.BEDROCK_ENDPOINT } : {}),
    ...(useEmulatorKeys
      ? { credentials: { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" } }
      : {}),
  });
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const prompt = new URL(request.url).searchParams.get("q") ?? "Write a haiku about rivers.";
    try {
      const { stream } = await client(env).converseStream({
        modelId: env.BEDROCK_MODEL ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
        messages: [{ role: "user", content: [{ text: prompt }] }],
        inferenceConfig: { maxTokens: 256 },
      }, { signal: request.signal });
      const encoder = new TextEncoder();
      const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
      const pump = async () => {
        const writer = writable.getWriter();
        try {
          for await (const event of stream) {
            const text = event.contentBlockDelta?.delta?.text;
            if (text) await writer.write(encoder.encode(text));
          }
          await writer.close();
        } catch (err) {
          await writer.abort(err);
        }
      };
      void pump();
      return new Response(readable, { headers: { "content-type": "text/plain; charset=utf-8" } });
    } catch (err) {
      const e = err as Error;
      return new Response(`${e.name}: ${e.message}\n`, { status: 502 });
    }
  },
};
