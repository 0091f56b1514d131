// Runs one request through our BedrockRuntime (fake fetch) and through @aws-sdk/client-bedrock-runtime
// (in-process request handler): captures what each would send and what each makes of a canned reply.
import { Readable } from "node:stream";
import {
  ApplyGuardrailCommand,
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { BedrockRuntime } from "../../src/runtime/client.ts";
import type { OperationName } from "../../src/runtime/_request.ts";

/** The SDK accepts any object of HttpResponse's shape (it checks statusCode and headers). */
function httpResponse(r: { statusCode: number; headers: Record<string, string>; body: unknown }) {
  return { reason: undefined, ...r };
}

export const CREDENTIALS = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "session-token-example",
};
export const REGION = "us-east-1";

export interface Canned {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface Captured {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

const COMMANDS = {
  Converse: ConverseCommand,
  ConverseStream: ConverseStreamCommand,
  InvokeModel: InvokeModelCommand,
  InvokeModelWithResponseStream: InvokeModelWithResponseStreamCommand,
  CountTokens: CountTokensCommand,
  ApplyGuardrail: ApplyGuardrailCommand,
} as const;

const OK_JSON: Canned = {
  status: 200,
  headers: { "content-type": "application/json", "x-amzn-requestid": "req-1" },
  body: new TextEncoder().encode("{}"),
};

async function toBytes(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const c of body as AsyncIterable<Uint8Array>) chunks.push(c);
  return new Uint8Array(await new Blob(chunks as BlobPart[]).arrayBuffer());
}

/** Sends through the AWS SDK; returns the captured request and the output or the error. */
export async function sdkSend(
  op: OperationName,
  input: Record<string, unknown>,
  canned: Canned = OK_JSON,
  // deno-lint-ignore no-explicit-any
): Promise<{ request: Captured; output?: any; error?: any }> {
  let request: Captured | undefined;
  const client = new BedrockRuntimeClient({
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    requestHandler: {
      // deno-lint-ignore no-explicit-any
      handle: async (req: any) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = String(v);
        request = {
          method: req.method,
          url: `${req.protocol}//${req.hostname}${req.path}`,
          path: req.path,
          headers,
          body: await toBytes(req.body),
        };
        return {
          response: httpResponse({
            statusCode: canned.status,
            headers: { ...canned.headers },
            body: Readable.from([canned.body]),
          }),
        };
      },
      // deno-lint-ignore no-explicit-any
    } as any,
  });
  // deno-lint-ignore no-explicit-any
  const Command = COMMANDS[op] as any;
  try {
    const output = await client.send(new Command(input));
    return { request: request!, output };
  } catch (error) {
    return { request: request!, error };
  }
}

/** Sends through our client with a fake fetch; returns the captured request and the output or error. */
export async function oursSend(
  op: OperationName,
  input: Record<string, unknown>,
  canned: Canned = OK_JSON,
  // deno-lint-ignore no-explicit-any
): Promise<{ request: Captured; output?: any; error?: any }> {
  let request: Captured | undefined;
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const req = new Request(input, init);
    const headers: Record<string, string> = {};
    req.headers.forEach((v, k) => (headers[k] = v));
    const url = new URL(req.url);
    request = {
      method: req.method,
      url: req.url,
      path: req.url.slice(url.origin.length),
      headers,
      body: new Uint8Array(await req.arrayBuffer()),
    };
    return new Response(canned.body.length ? (canned.body as BodyInit) : null, {
      status: canned.status,
      headers: canned.headers,
    });
  };
  const client = new BedrockRuntime({
    region: REGION,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    fetch: fetch as typeof globalThis.fetch,
    env: {},
  });
  const method = op[0]!.toLowerCase() + op.slice(1);
  try {
    // deno-lint-ignore no-explicit-any
    const output = await (client as any)[method](input);
    return { request: request!, output };
  } catch (error) {
    return { request: request!, error };
  }
}
