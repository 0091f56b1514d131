// Node host for workerd: loads a Worker module bundle through miniflare and fetches it once.
// Usage: node tests/runtimes/workerd_host.mjs <worker.mjs> [--path=/x] [--bindings=<json>] [--raw]
// Default: prints the conformance marker + the JSON body. --raw: prints one JSON line
// { status, chunks, text } describing the streamed response.
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const args = process.argv.slice(2);
const scriptPath = args.find((a) => !a.startsWith("--"));
const opt = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
// Modules listed explicitly: miniflare's module scanner rejects the library's lazily loaded
// computed-specifier import() of node builtins (never evaluated in a Worker).
const mf = new Miniflare({
  modules: [{ type: "ESModule", path: "worker.mjs", contents: readFileSync(scriptPath, "utf8") }],
  compatibilityDate: "2025-09-01",
  bindings: JSON.parse(opt("bindings") ?? "{}"),
});
try {
  // identity: workerd gzips text responses for clients that accept gzip, which buffers the stream.
  const res = await mf.dispatchFetch(`http://localhost${opt("path") ?? "/"}`, {
    headers: { "accept-encoding": "identity" },
  });
  if (args.includes("--raw")) {
    let chunks = 0;
    let text = "";
    const decoder = new TextDecoder();
    for await (const chunk of res.body) {
      chunks++;
      text += decoder.decode(chunk, { stream: true });
    }
    console.log(JSON.stringify({ status: res.status, chunks, text }));
  } else {
    const text = await res.text();
    if (!res.ok) throw new Error(`Worker answered ${res.status}: ${text.slice(0, 2000)}`);
    console.log("@@CONFORMANCE@@" + text);
  }
} finally {
  await mf.dispose();
}
