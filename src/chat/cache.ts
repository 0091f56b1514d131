/**
 * Prompt-caching helpers: cache points after the system prompt, the tools and the last user turn,
 * and the 4-cache-point limit enforced with a warning per dropped point.
 *
 * @module
 */
import type { CachePointBlock, CacheTTL, ConverseRequest } from "../runtime/types.ts";
import type { ChatWarning } from "./types.ts";

/** Where to add cache points. `true` uses `ttl`; a TTL string sets that point's TTL. */
export interface CacheOptions {
  /** After the system prompt. */
  system?: boolean | CacheTTL;
  /** After the tool definitions. */
  tools?: boolean | CacheTTL;
  /** After the last user turn. */
  lastUserTurn?: boolean | CacheTTL;
  /** The default TTL (`5m` or `1h`); omitted means the service default. */
  ttl?: CacheTTL;
}

/** The most cache points Bedrock accepts in one request. */
export const MAX_CACHE_POINTS: number = 4;

/**
 * A cache point block with an optional TTL.
 *
 * @example
 * ```ts
 * import { cachePoint } from "@bedrock-fetch/core/chat";
 * cachePoint("1h"); // { cachePoint: { type: "default", ttl: "1h" } }
 * ```
 */
export function cachePoint(ttl?: CacheTTL | boolean): { cachePoint: CachePointBlock } {
  return { cachePoint: typeof ttl === "string" ? { type: "default", ttl } : { type: "default" } };
}

/**
 * Adds the requested cache points to a request the chat layer built (its arrays are its own), then
 * drops cache points beyond {@linkcode MAX_CACHE_POINTS}: message points first (earliest first),
 * then system and tool points. Returns a warning per dropped point.
 *
 * @example
 * ```ts
 * import { applyCaching } from "@bedrock-fetch/core/chat";
 * const req = { modelId: "m", system: [{ text: "Be brief" }], messages: [] };
 * applyCaching(req, { system: "1h" }); // [] — req.system now ends with a cache point
 * ```
 */
export function applyCaching(request: ConverseRequest, options: CacheOptions = {}): ChatWarning[] {
  const targets: [boolean | CacheTTL | undefined, unknown[] | undefined][] = [
    [options.system, request.system],
    [options.tools, request.toolConfig?.tools],
    [options.lastUserTurn, request.messages?.findLast((m) => m.role === "user")?.content],
  ];
  for (const [v, list] of targets) if (v) list?.push(cachePoint(v === true ? options.ttl : v));
  // Cache points as [list, index, path], in the order they are dropped: messages, system, tools.
  // The points of one list are adjacent and ascending.
  const points: [unknown[], number, string][] = [];
  const scan = (list: unknown[] | undefined, path: string) =>
    list?.forEach((b, i) => {
      if ((b as { cachePoint?: unknown } | null)?.cachePoint) {
        points.push([list, i, `${path}[${i}]`]);
      }
    });
  request.messages?.forEach((m, i) => scan(m.content, `messages[${i}].content`));
  scan(request.system, "system");
  scan(request.toolConfig?.tools, "toolConfig.tools");
  const drop = points.slice(0, Math.max(0, points.length - MAX_CACHE_POINTS));
  // Splice from the end so that the indexes still to splice stay valid.
  for (let k = drop.length; k--;) drop[k]![0].splice(drop[k]![1], 1);
  return drop.map(([, , path]) => ({
    code: "cache-point-dropped",
    path,
    message: `at most ${MAX_CACHE_POINTS} cache points per request; dropped ${path}`,
  }));
}
