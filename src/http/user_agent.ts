/**
 * The user agent bedrock-fetch sends, in the AWS SDK's `name/version` token style:
 * `bedrock-fetch/0.1.0 ua/2.1 lang/js md/deno#2.9.6 api/bedrock-runtime`.
 *
 * @example
 * ```ts
 * import { userAgent } from "./user_agent.ts";
 * userAgent(); // e.g. "bedrock-fetch/0.1.0 ua/2.1 lang/js md/deno#2.9.6 api/bedrock-runtime"
 * ```
 *
 * @module
 */

/** The library version reported in the user agent; kept equal to deno.json's `version`. */
export const LIBRARY_VERSION = "0.1.0";

const TOKEN_UNSAFE_REGEXP = /[^\w.!#$%&'*+^`|~-]/g;

let cached: string | undefined;

/**
 * The user agent string, with an optional application id appended as `app/<id>` (the SDK's
 * `userAgentAppId`).
 *
 * @param appId An application id; characters outside the token alphabet become `-`.
 * @returns The user agent.
 * @example
 * ```ts
 * import { userAgent } from "./user_agent.ts";
 * userAgent("my-app").endsWith("app/my-app"); // true
 * ```
 */
export function userAgent(appId?: string): string {
  if (cached === undefined) {
    // The runtime from `navigator.userAgent` (Deno, Bun, Node >= 21, Workers); Node 20 has none.
    const ua = (globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent;
    const match = typeof ua === "string" && /^(Deno|Bun|Node\.js)\/(\S+)/.exec(ua);
    const runtime = ua === "Cloudflare-Workers"
      ? " md/workerd"
      : match
      ? ` md/${match[1]!.toLowerCase().replace(".", "")}#${
        match[2]!.replace(TOKEN_UNSAFE_REGEXP, "-")
      }`
      : "";
    cached = `bedrock-fetch/${LIBRARY_VERSION} ua/2.1 lang/js${runtime} api/bedrock-runtime`;
  }
  return appId ? `${cached} app/${appId.replace(TOKEN_UNSAFE_REGEXP, "-")}` : cached;
}
