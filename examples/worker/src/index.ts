// A Cloudflare Worker that streams a Bedrock chat reply to the client as plain text.
//   GET /?q=Tell+me+about+otters
// Credentials come from the Worker's bindings (secrets), read through the client's `env` option:
// Workers have no process environment. With BEDROCK_ENDPOINT set (the local emulator), the
// emulator's default keys are used. In your own project import from "@bedrock-fetch/core" and
// "@bedrock-fetch/core/chat".
import { BedrockRuntime } from "../../../mod.ts";
import { streamChat } from "../../../src/chat/mod.ts";

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
    // The chat layer: friendly messages in, a text stream out. The call starts on first read.
    const stream = streamChat(client(env), {
      model: env.BEDROCK_MODEL ?? "anthropic.claude-3-5-haiku-20241022-v1:0",
      messages: [prompt],
      maxTokens: 256,
      signal: request.signal,
    });
    const texts = stream.text()[Symbol.asyncIterator]();
    let first: IteratorResult<string>;
    try {
      first = await texts.next(); // errors before the first token become a 502
    } catch (err) {
      const e = err as Error;
      return new Response(`${e.name}: ${e.message}\n`, { status: 502 });
    }
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        if (!first.done) controller.enqueue(encoder.encode(first.value));
      },
      async pull(controller) {
        const next = await texts.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await texts.return?.();
      },
    });
    return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
  },
};
