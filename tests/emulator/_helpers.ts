// Shared helpers of the emulator tests: signing with our SigV4Signer, bodies, error reading.
import { SigV4Signer } from "../../src/sigv4/mod.ts";

export const MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
export const KEY = { accessKeyId: "AKIAEMULATOREXAMPLE", secretAccessKey: "emulator-secret" };
export const enc = new TextEncoder();

/** Options of {@link signedFetch}. */
export interface SignedInit {
  method?: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  date?: Date;
  service?: string;
  contentSha256?: boolean;
  /** Change the signed request before sending (tamper tests). */
  mutate?: (headers: Headers, body: Uint8Array) => Uint8Array | void;
}

/** Signs and sends a request to `base + path`. */
export async function signedFetch(
  base: string,
  path: string,
  init: SignedInit = {},
  fetcher: (r: Request) => Promise<Response> = fetch,
): Promise<Response> {
  const body = typeof init.body === "string"
    ? enc.encode(init.body)
    : init.body ?? new Uint8Array();
  const signer = new SigV4Signer({
    region: "us-east-1",
    service: init.service ?? "bedrock",
    credentials: init.credentials ?? KEY,
  });
  const signed = await signer.sign(
    {
      method: init.method ?? "POST",
      url: base + path,
      headers: { "content-type": "application/json", ...init.headers },
      body,
    },
    {
      ...(init.date ? { date: init.date } : {}),
      ...(init.contentSha256 ? { contentSha256: true } : {}),
    },
  );
  const headers = new Headers(signed.headers);
  headers.delete("host");
  const sent = init.mutate?.(headers, body) ?? body;
  const method = init.method ?? "POST";
  return await fetcher(
    new Request(base + path, {
      method,
      headers,
      ...(method === "GET" ? {} : { body: sent as Uint8Array<ArrayBuffer> }),
    }),
  );
}

/** A Converse body with the given messages and extra members. */
export function converseBody(extra: Record<string, unknown> = {}, text = "Hello"): string {
  return JSON.stringify({ messages: [{ role: "user", content: [{ text }] }], ...extra });
}

/** The model path for an operation. */
export function modelPath(op: string, model = MODEL): string {
  return `/model/${encodeURIComponent(model)}/${op}`;
}

/** The sanitized error type of a response. */
export function errorType(res: Response): string {
  return (res.headers.get("x-amzn-errortype") ?? "").split(":")[0]!;
}
