// Node entry of the SDK scenario (bundled by sdk_test.ts with esbuild, run with `node`).
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import { runSdkScenario } from "./_sdk_scenario.ts";
import { nodeLoad } from "./_node_load.ts";

const server = await serveEmulator({ port: 0, runtime: "node", paceMs: 1 });
try {
  for (const handler of ["default", "http1"] as const) {
    const r = await runSdkScenario(server.url, handler, assert);
    console.log(
      `${handler}: ok ${r.operations} operations ${r.errors} errors; signed ${
        r.signedHeaders.join(" | ")
      }`,
    );
  }
  const load = await nodeLoad(server.url, 200);
  assert.equal(load.intact, 200);
  console.log(
    `node load: ${load.intact}/200 concurrent streams intact in ${
      load.ms.toFixed(0)
    } ms (Node ${process.version})`,
  );
} finally {
  await server.close();
}
