// Node host for the workerd target: loads a Worker module bundle into workerd through miniflare,
// calls it once and prints the JSON it returns after the conformance marker.
// Usage: node tests/runtimes/workerd_host.mjs <worker.mjs> [path]
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const [scriptPath, path = "/"] = process.argv.slice(2);
const mf = new Miniflare({
  modules: true,
  script: readFileSync(scriptPath, "utf8"),
  compatibilityDate: "2025-09-01",
});
try {
  const res = await mf.dispatchFetch(`http://localhost${path}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`Worker answered ${res.status}: ${text.slice(0, 2000)}`);
  console.log("@@CONFORMANCE@@" + text);
} finally {
  await mf.dispose();
}
