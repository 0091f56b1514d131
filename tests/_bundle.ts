// One way to bundle a program given as source, shared by the size budget (bench/size_budget.ts)
// and the tests that look inside a minified bundle: esbuild, bundled and minified, ESM for the
// browser platform, es2022, imports resolved from the repository root.
import * as esbuild from "esbuild";
import { REPO_DIR } from "./_spec.ts";

/** Bundles `source` in memory: the code is `outputFiles[0]`, with a `metafile` when asked. */
export function bundleSource(source: string, metafile = false) {
  return esbuild.build({
    stdin: { contents: source, resolveDir: REPO_DIR, sourcefile: "program.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
    legalComments: "none",
    metafile,
  });
}

/** Stops esbuild's service (tests call it when done, so that no child process outlives them). */
export const stopBundler = (): Promise<void> => esbuild.stop();
