// Helpers shared by the client conformance cases: a client over the in-process emulator or a
// fake fetch, the emulator's default keys, and small stream utilities. Web APIs only.

import { type Lib, pick } from "./conformance.ts";

export const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
export const ENDPOINT = "http://127.0.0.1:8787";
export const CREDENTIALS = {
  accessKeyId: "AKIAEMULATOREXAMPLE",
  secretAccessKey: "emulator-secret",
};
export const FAULT = "x-bedrock-fetch-fault";

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
export type AnyFn = (input: unknown, options?: unknown) => Promise<Record<string, unknown>>;
export interface Client {
  converse: AnyFn;
  converseStream: AnyFn;
  invokeModel: AnyFn;
  invokeModelWithResponseStream: AnyFn;
  countTokens: AnyFn;
}
export type ClientClass = new (config: Record<string, unknown>) => Client;
export type ErrorClass = new (...args: never[]) => Error;

export function emulatorFetch(lib: Lib, fault?: string): Fetch {
  const create = pick<(o?: unknown) => { fetch(r: Request): Promise<Response> }>(
    lib.emulator,
    "createEmulator",
  );
  const emu = create({});
  return (input, init) => {
    const req = new Request(input, init);
    if (fault) req.headers.set(FAULT, fault);
    return emu.fetch(req);
  };
}

export function client(lib: Lib, fetch: Fetch, extra: Record<string, unknown> = {}): Client {
  const BedrockRuntime = pick<ClientClass>(lib.root, "BedrockRuntime");
  return new BedrockRuntime({
    region: "us-east-1",
    endpoint: ENDPOINT,
    credentials: CREDENTIALS,
    fetch,
    ...extra,
  });
}

export function chatInput(text: string): Record<string, unknown> {
  return {
    modelId: MODEL,
    messages: [{ role: "user", content: [{ text }] }],
    inferenceConfig: { maxTokens: 64 },
  };
}

export async function drain(iterable: unknown): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const ev of iterable as AsyncIterable<Record<string, unknown>>) out.push(ev);
  return out;
}

export function streamText(events: Array<Record<string, unknown>>): string {
  let text = "";
  for (const ev of events) {
    const d = ev.contentBlockDelta as { delta?: { text?: string } } | undefined;
    text += d?.delta?.text ?? "";
  }
  return text;
}

export function errorClass(lib: Lib, name: string): ErrorClass {
  return pick<ErrorClass>(lib.root ?? lib.errors, name);
}
