// Parses the raw HTTP requests of the SigV4 suites (request.txt / .req).
import { readFileSync } from "node:fs";

export interface RawRequest {
  method: string;
  /** The request target exactly as written (may hold spaces, UTF-8, dot segments). */
  target: string;
  /** Header pairs in order; obs-fold continuation lines are joined to the previous value with a space. */
  headers: [string, string][];
  body: string;
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}

/**
 * `fold: "space"` joins an obs-fold continuation to the previous value with a space (RFC 7230, the
 * aws-c-auth and botocore reading); `"repeat"` makes it another value of the same header (the older
 * mhart/aws4 variant's reading, which signs `value1,value2,value3`).
 */
export function parseRequest(text: string, fold: "space" | "repeat" = "space"): RawRequest {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const first = lines[0]!;
  const method = first.slice(0, first.indexOf(" "));
  const target = first.slice(method.length + 1, first.lastIndexOf(" HTTP/"));
  const headers: [string, string][] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") break;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      const last = headers[headers.length - 1]!;
      if (fold === "space") last[1] += " " + line.trim();
      else headers.push([last[0], line.trim()]);
      continue;
    }
    const colon = line.indexOf(":");
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  const body = lines.slice(i + 1).join("\n");
  return { method, target, headers, body };
}

export function hostOf(req: RawRequest): string {
  const h = req.headers.find(([n]) => n.toLowerCase() === "host");
  if (!h) throw new Error("request has no Host header");
  return h[1].trim();
}
