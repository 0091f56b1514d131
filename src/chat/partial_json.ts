/**
 * Parses JSON that may be cut off mid-stream, as far as it is valid.
 *
 * @module
 */

/**
 * Parses a JSON prefix: complete JSON as-is; otherwise the longest prefix that can be closed
 * (open strings, arrays and objects closed; a dangling key, colon or comma dropped). `undefined`
 * when nothing is parseable yet.
 *
 * @example
 * ```ts
 * import { parsePartialJson } from "@bedrock-fetch/core/chat";
 * parsePartialJson('{"city":"Par'); // { city: "Par" }
 * parsePartialJson('{"a":1,"b":'); // { a: 1 }
 * ```
 */
export function parsePartialJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch { /* partial: close it below */ }
  // The open containers' closing characters and whether each is at a value, innermost first.
  let closers = "", inString = false, escaped = false, safeEnd = 0, safeClose = "";
  const inValue: boolean[] = [];
  const mark = (end: number) => {
    safeEnd = end;
    safeClose = closers;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') {
        inString = false;
        if (closers === "" || inValue[0]) mark(i + 1);
      }
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      closers = (c === "{" ? "}" : "]") + closers;
      inValue.unshift(c === "[");
      mark(i + 1);
    } else if (c === "}" || c === "]") {
      closers = closers.slice(1);
      inValue.shift();
      mark(i + 1);
    } else if (c === ":") inValue[0] = true;
    else if (c === ",") {
      if (closers[0] === "}") inValue[0] = false;
      mark(i);
    }
  }
  try {
    return JSON.parse(text + (inString ? '"' : "") + closers);
  } catch { /* fall back to the last safe point */ }
  try {
    return safeEnd === 0 ? undefined : JSON.parse(text.slice(0, safeEnd) + safeClose);
  } catch {
    return undefined;
  }
}
