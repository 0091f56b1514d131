// Shared pieces of the bad-input table: the row shape and body builders.
import { converseBody, type SignedInit } from "./_helpers.ts";

export interface Row {
  name: string;
  path?: string;
  init?: SignedInit;
  raw?: RequestInit;
  status: number;
  type: string;
  message: RegExp;
}

export const user = (content: unknown[]) => ({ role: "user", content });
export const asst = (content: unknown[]) => ({ role: "assistant", content });
export const msgs = (messages: unknown[], extra: Record<string, unknown> = {}) => ({
  body: JSON.stringify({ messages, ...extra }),
});
export const conv = (extra: Record<string, unknown>) => ({ body: converseBody(extra) });
export const tool = (name: string, json: unknown = { type: "object" }) => ({
  toolSpec: { name, inputSchema: { json } },
});
export const cache = { cachePoint: { type: "default" } };
export const V = "ValidationException";
export const OLD = new Date(Date.now() - 10 * 60_000);
export const FUTURE = new Date(Date.now() + 10 * 60_000);
export const anthropic = (o: Record<string, unknown>) => ({
  body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", ...o }),
});
