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
  const closers: string[] = [];
  const inValue: boolean[] = [];
  let inString = false, escaped = false, safeEnd = 0, safeClose = "";
  const mark = (end: number) => {
    safeEnd = end;
    safeClose = closers.slice().reverse().join("");
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) {
        inString = false;
        if (closers.length === 0 || inValue[inValue.length - 1]) mark(i + 1);
      }
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      closers.push(c === 0x7b ? "}" : "]");
      inValue.push(c === 0x5b);
      mark(i + 1);
    } else if (c === 0x7d || c === 0x5d) {
      closers.pop();
      inValue.pop();
      mark(i + 1);
    } else if (c === 0x3a) inValue[inValue.length - 1] = true;
    else if (c === 0x2c) {
      if (closers[closers.length - 1] === "}") inValue[inValue.length - 1] = false;
      mark(i);
    }
  }
  const tail = closers.slice().reverse().join("");
  try {
    return JSON.parse(text + (inString ? '"' : "") + tail);
  } catch { /* fall back to the last safe point */ }
  try {
    return safeEnd === 0 ? undefined : JSON.parse(text.slice(0, safeEnd) + safeClose);
  } catch {
    return undefined;
  }
}
