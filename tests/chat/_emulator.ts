import { BedrockRuntime } from "../../src/runtime/client.ts";
import { createEmulator, type Emulator, type EmulatorOptions } from "../../src/emulator/mod.ts";

export const CREDENTIALS = {
  accessKeyId: "AKIAEMULATOREXAMPLE",
  secretAccessKey: "emulator-secret",
};

/** A client wired to an in-process emulator through real bytes (signing, framing, decoding). */
export function emulated(
  options: EmulatorOptions = {},
): { client: BedrockRuntime; emulator: Emulator } {
  const emulator = createEmulator(options);
  const client = new BedrockRuntime({
    region: "us-east-1",
    credentials: CREDENTIALS,
    endpoint: "http://127.0.0.1:1",
    maxAttempts: 1,
    fetch: (input, init) => emulator.fetch(new Request(input, init)),
  });
  return { client, emulator };
}
