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

function ttlOf(v: boolean | CacheTTL | undefined, ttl: CacheTTL | undefined): CacheTTL | boolean {
  return typeof v === "string" ? v : ttl ?? true;
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
  if (options.system !== undefined && options.system !== false && request.system !== undefined) {
    request.system.push(cachePoint(ttlOf(options.system, options.ttl)));
  }
  if (options.tools !== undefined && options.tools !== false && request.toolConfig !== undefined) {
    request.toolConfig.tools.push(cachePoint(ttlOf(options.tools, options.ttl)));
  }
  if (
    options.lastUserTurn !== undefined && options.lastUserTurn !== false &&
    request.messages !== undefined
  ) {
    for (let i = request.messages.length - 1; i >= 0; i--) {
      const m = request.messages[i];
      if (m !== undefined && m.role === "user") {
        m.content.push(cachePoint(ttlOf(options.lastUserTurn, options.ttl)));
        break;
      }
    }
  }
  return limitCachePoints(request);
}

function limitCachePoints(request: ConverseRequest): ChatWarning[] {
  const points: { list: unknown[]; index: number; path: string; kind: number }[] = [];
  const scan = (list: unknown[] | undefined, path: string, kind: number) => {
    list?.forEach((b, index) => {
      if (typeof b === "object" && b !== null && "cachePoint" in b) {
        points.push({ list, index, path: `${path}[${index}]`, kind });
      }
    });
  };
  scan(request.toolConfig?.tools, "toolConfig.tools", 2);
  scan(request.system, "system", 1);
  request.messages?.forEach((m, i) => scan(m.content, `messages[${i}].content`, 0));
  const excess = points.length - MAX_CACHE_POINTS;
  if (excess <= 0) return [];
  const drop = points.slice().sort((a, b) => a.kind - b.kind).slice(0, excess);
  drop.sort((a, b) => b.index - a.index);
  for (const p of drop) p.list.splice(p.index, 1);
  return drop.reverse().map((p) => ({
    code: "cache-point-dropped",
    path: p.path,
    message:
      `Bedrock allows at most ${MAX_CACHE_POINTS} cache points per request; dropped the one at ${p.path}`,
  }));
}
