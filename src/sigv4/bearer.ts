// Bearer-token authorization (Bedrock API keys); the transport uses this instead of SigV4.
import { BedrockInputError } from "../errors.ts";

/**
 * Sets `Authorization: Bearer <token>` on headers and returns them.
 *
 * @example
 * ```ts
 * import { applyBearerToken } from "@bedrock-fetch/core/sigv4";
 * const headers = applyBearerToken(new Headers(), "my-api-key");
 * ```
 */
export function applyBearerToken(headers: Headers, token: string): Headers {
  if (typeof token !== "string" || token.trim() === "" || /[\r\n]/.test(token)) {
    throw new BedrockInputError("token", "must be a non-empty string without line breaks");
  }
  headers.set("authorization", `Bearer ${token.trim()}`);
  return headers;
}
