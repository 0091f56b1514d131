// A Worker whose fetch handler is the emulator (bundled by workerd_test.ts and run in workerd).
import { createEmulator } from "../../src/emulator/mod.ts";

const emulator = createEmulator({ auth: false });

export default {
  fetch(request: Request): Promise<Response> {
    return emulator.fetch(request);
  },
};
