// Serves the emulator on 127.0.0.1 with a free port and prints its URL (used by the examples
// target). Frames are paced (20 ms; 5 ms let a loaded CI machine coalesce the Worker reply into one chunk) so that streaming is visible to HTTP clients. Runs until
// killed. Usage: deno run -A tests/runtimes/serve_emulator.ts
import { serveEmulator } from "../../src/emulator/mod.ts";

const server = await serveEmulator({
  port: 0,
  hostname: "127.0.0.1",
  paceMs: Number(Deno.env.get("EMULATOR_PACE_MS") ?? 20),
});
console.log(server.url);
Deno.addSignalListener("SIGTERM", async () => {
  await server.close();
  Deno.exit(0);
});
