// The library entry points the conformance suite loads, relative to the repository root. Shared by
// the Deno wrapper (dynamic import) and run_all.ts (generated static imports for bundles).

import type { Lib } from "./conformance.ts";

/** Lib key → entry file, relative to the repository root. */
export const ENTRIES: ReadonlyArray<readonly [keyof Lib, string]> = [
  ["root", "mod.ts"],
  ["errors", "src/errors.ts"],
  ["sigv4", "src/sigv4/mod.ts"],
  ["eventstream", "src/eventstream/mod.ts"],
  ["emulator", "src/emulator/mod.ts"],
  ["chat", "src/chat/mod.ts"],
];
