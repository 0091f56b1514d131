// Node entry of the SDK scenario (bundled by sdk_test.ts with esbuild, run with `node`).
import assert from "node:assert/strict";
import { serveEmulator } from "../../src/emulator/mod.ts";
import { runSdkScenario } from "./_sdk_scenario.ts";

const server = await serveEmulator({ port: 0, runtime: "node" });
try {
  for (const handler of ["default", "http1"] as const) {
    const r = await runSdkScenario(server.url, handler, assert);
    console.log(
      `${handler}: ok ${r.operations} operations ${r.errors} errors; signed ${
        r.signedHeaders.join(" | ")
      }`,
    );
  }
} finally {
  await server.close();
}
