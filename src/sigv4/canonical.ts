// The SigV4 canonical request and string to sign, stage by stage (AWS "Create a canonical request").

/** The signing algorithm identifier. */
export const ALGORITHM = "AWS4-HMAC-SHA256";
/**
 * The hex SHA-256 of zero bytes: the payload hash of a request without a body.
 *
 * @example
 * ```ts
 * import { EMPTY_SHA256 } from "@bedrock-fetch/core/sigv4";
 * EMPTY_SHA256.startsWith("e3b0c442"); // true
 * ```
 */
export const EMPTY_SHA256: string =
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/**
 * The payload hash of presigned URLs.
 *
 * @example
 * ```ts
 * import { UNSIGNED_PAYLOAD } from "@bedrock-fetch/core/sigv4";
 * const headers = { "x-amz-content-sha256": UNSIGNED_PAYLOAD };
 * ```
 */
export const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

/** Headers never signed (lower case): they change in transit or are set by the runtime. */
export const UNSIGNABLE_HEADERS: ReadonlySet<string> = new Set(
  ("authorization cache-control connection expect from keep-alive max-forwards pragma referer te " +
    "trailer transfer-encoding upgrade user-agent x-amzn-trace-id").split(" "),
);

/** Whether a header is signed by default: not unsignable, no `proxy-`/`sec-` prefix, not in `extra`. */
export function isSignable(name: string, extra?: readonly string[] | undefined): boolean {
  return !UNSIGNABLE_HEADERS.has(name) && !/^(proxy|sec)-/.test(name) && !extra?.includes(name);
}

/** The parts of a URL that signing needs, taken from the string as written (no normalization). */
export interface UrlParts {
  /** `host[:port]`, without a default port. */
  readonly host: string;
  /** The path as written, `/` when empty. */
  readonly path: string;
  /** The raw query without `?`, `""` when absent. */
  readonly query: string;
}

/**
 * Splits a URL into host, path and query without the WHATWG parser, so a path is signed exactly as
 * written (the aws-c-auth suites sign `/example space/` and unnormalized `/../` paths). `URL`
 * objects use their already-encoded `pathname`/`search`, which is what fetch sends.
 */
export function splitUrl(url: string | URL): UrlParts {
  if (typeof url !== "string") {
    return { host: url.host, path: url.pathname || "/", query: url.search.slice(1) };
  }
  if (url === lastUrl) return lastParts;
  const m = /^([^]*?):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(url);
  if (!m) throw new TypeError(`Cannot sign request: url is not absolute`);
  const scheme = m[1]!.toLowerCase();
  const port = scheme === "https" ? ":443" : scheme === "http" ? ":80" : "/";
  let host = m[2]!.slice(m[2]!.lastIndexOf("@") + 1).toLowerCase();
  if (host.endsWith(port)) host = host.slice(0, -port.length);
  lastUrl = url;
  return lastParts = { host, path: m[3] || "/", query: m[4] ?? "" };
}

// a client signs the same few URLs over and over
let lastUrl: string | undefined;
let lastParts: UrlParts;

const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
const RESERVED_BY_3986 = /[!'()*]/g;

function hexEscape(c: string): string {
  return "%" + c.charCodeAt(0).toString(16).toUpperCase();
}

/**
 * RFC 3986 encoding: everything but `A-Za-z0-9-._~` as UTF-8 `%XX`.
 *
 * @example
 * ```ts
 * import { uriEncode } from "@bedrock-fetch/core/sigv4";
 * uriEncode("a b*ሴ"); // "a%20b%2A%E1%88%B4"
 * ```
 */
export function uriEncode(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(value).replace(RESERVED_BY_3986, hexEscape);
}

/**
 * Removes `.` and empty segments and resolves `..`, keeping a leading and a trailing `/`.
 *
 * @example
 * ```ts
 * import { normalizePath } from "@bedrock-fetch/core/sigv4";
 * normalizePath("//a/./b/../c/"); // "/a/c/"
 * ```
 */
export function normalizePath(path: string): string {
  if (!/\/\/|\/\./.test(path)) return path;
  const out: string[] = [];
  for (const s of path.split("/")) s === ".." ? out.pop() : s && s !== "." && out.push(s);
  return (path[0] === "/" ? "/" : "") + out.join("/") + (out[0] && path.endsWith("/") ? "/" : "");
}

/**
 * The canonical URI of a non-S3 service: the path (normalized when asked) URI-encoded once more,
 * keeping `/`. The wire path is already percent-encoded, so `%3A` becomes `%253A`.
 *
 * @example
 * ```ts
 * import { canonicalUri } from "@bedrock-fetch/core/sigv4";
 * canonicalUri("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
 * // "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse"
 * ```
 */
export function canonicalUri(path: string, normalize = true): string {
  if (path === lastPath && normalize === lastNormalize) return lastUri;
  const p = normalize ? normalizePath(path) : path;
  const uri = uriEncode(p).replaceAll("%2F", "/") || "/";
  lastPath = path;
  lastNormalize = normalize;
  lastUri = uri;
  return uri;
}

// a client signs the same few paths over and over
let lastPath = "";
let lastNormalize = true;
let lastUri = "/";

/** A query key or value as signed: percent-decoded (when valid), then RFC 3986-encoded. */
function queryPart(raw: string): string {
  try {
    raw = decodeURIComponent(raw);
  } catch { /* signed as written */ }
  return uriEncode(raw);
}

/**
 * The canonical query: parameters decoded, RFC 3986-encoded, sorted by key then value, repeated keys
 * kept, `X-Amz-Signature` left out, `key=` for a key without value.
 *
 * @example
 * ```ts
 * import { canonicalQuery } from "@bedrock-fetch/core/sigv4";
 * canonicalQuery("b=2&a=%7e&a=1&c"); // "a=1&a=~&b=2&c="
 * ```
 */
export function canonicalQuery(query: string): string {
  if (!query) return "";
  // "\0" sorts below every encoded character, so a plain sort orders by key, then by value
  const pairs: string[] = [];
  for (const part of query.split("&")) {
    const eq = part.indexOf("="), key = queryPart(eq < 0 ? part : part.slice(0, eq));
    if (part && key !== "X-Amz-Signature") {
      pairs.push(key + "\0" + queryPart(eq < 0 ? "" : part.slice(eq + 1)));
    }
  }
  return pairs.sort().join("&").replaceAll("\0", "=");
}

const NEEDS_TRIM = /^[ \t]|[ \t]$|[ \t][ \t]|[\t\r\n]/;

/**
 * A header value as signed: trimmed, runs of spaces and tabs collapsed to one space.
 *
 * @example
 * ```ts
 * import { canonicalHeaderValue } from "@bedrock-fetch/core/sigv4";
 * canonicalHeaderValue('  "a   b\tc" '); // '"a b c"'
 * ```
 */
export function canonicalHeaderValue(value: string): string {
  if (!NEEDS_TRIM.test(value)) return value;
  return value.replace(/[ \t\r\n]+/g, " ").replace(/^ | $/g, "");
}

/**
 * The canonical headers block and the signed-headers list from `name → canonical value` pairs.
 *
 * @example
 * ```ts
 * import { canonicalHeaders } from "@bedrock-fetch/core/sigv4";
 * canonicalHeaders(new Map([["x-amz-date", "20150830T123600Z"], ["host", "example.com"]]));
 * // { canonical: "host:example.com\nx-amz-date:20150830T123600Z\n", signedHeaders: "host;x-amz-date" }
 * ```
 */
export function canonicalHeaders(
  headers: ReadonlyMap<string, string>,
): { canonical: string; signedHeaders: string } {
  const names = [...headers.keys()].sort();
  let canonical = "";
  for (const name of names) canonical += name + ":" + headers.get(name) + "\n";
  return { canonical, signedHeaders: names.join(";") };
}

/**
 * Joins the six parts of a canonical request (the headers block ends with a newline).
 *
 * @example
 * ```ts
 * import { canonicalRequest, EMPTY_SHA256 } from "@bedrock-fetch/core/sigv4";
 * canonicalRequest("GET", "/", "", "host:example.com\n", "host", EMPTY_SHA256);
 * ```
 */
export function canonicalRequest(
  method: string,
  uri: string,
  query: string,
  headersBlock: string,
  signedHeaders: string,
  payloadHash: string,
): string {
  return `${method}\n${uri}\n${query}\n${headersBlock}\n${signedHeaders}\n${payloadHash}`;
}

/**
 * The credential scope `yyyymmdd/region/service/aws4_request`.
 *
 * @example
 * ```ts
 * import { credentialScope } from "@bedrock-fetch/core/sigv4";
 * credentialScope("20150830", "us-east-1", "bedrock"); // "20150830/us-east-1/bedrock/aws4_request"
 * ```
 */
export function credentialScope(shortDate: string, region: string, service: string): string {
  return `${shortDate}/${region}/${service}/aws4_request`;
}

/**
 * Joins the string to sign from the amz date, the scope and the hex hash of the canonical request.
 *
 * @example
 * ```ts
 * import { stringToSign } from "@bedrock-fetch/core/sigv4";
 * stringToSign("20150830T123600Z", "20150830/us-east-1/bedrock/aws4_request", "ab12…");
 * ```
 */
export function stringToSign(amzDate: string, scope: string, canonicalRequestHash: string): string {
  return `${ALGORITHM}\n${amzDate}\n${scope}\n${canonicalRequestHash}`;
}

/**
 * Formats a date as the SigV4 `X-Amz-Date` (`20150830T123600Z`).
 *
 * @example
 * ```ts
 * import { formatAmzDate } from "@bedrock-fetch/core/sigv4";
 * formatAmzDate(new Date("2015-08-30T12:36:00Z")); // "20150830T123600Z"
 * ```
 */
export function formatAmzDate(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new TypeError("Cannot format date: it is an invalid Date");
  const second = Math.floor(t / 1000);
  if (second !== lastSecond) {
    lastAmzDate = date.toISOString().replace(/[-:]|\.\d+/g, "");
    lastSecond = second;
  }
  return lastAmzDate;
}

// signing many requests within one second formats the date once
let lastSecond = NaN;
let lastAmzDate = "";
