// Builds the npm package in dist/npm: ESM JavaScript + .d.ts for mod.ts and src/ (tsc, with
// rewriteRelativeImportExtensions turning "./x.ts" into "./x.js"), a generated package.json whose
// exports mirror deno.json's, README and LICENSE. Zero dependencies. Usage:
//   deno run -A tests/runtimes/build_npm.ts [--pack]   (--pack also runs `npm pack` into dist/)

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../_spec.ts";

/** The npm package name: the JSR name, so the JSDoc examples' import specifiers work on both. */
export const NPM_NAME = "@bedrock-fetch/core";
/** Where the package is built. */
export const OUT_DIR: string = join(REPO_DIR, "dist", "npm");

const BIN_SCRIPT = `#!/usr/bin/env node
import process from "node:process";
import { main } from "../src/cli.js";

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
process.once("SIGTERM", () => controller.abort());
process.exit(await main(process.argv.slice(2), { signal: controller.signal }));
`;

interface DenoJson {
  version: string;
  description: string;
  license: string;
  exports: Record<string, string>;
}

function tsconfig(entries: string[]): Record<string, unknown> {
  return {
    compilerOptions: {
      target: "es2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["esnext", "dom", "dom.iterable", "dom.asynciterable"],
      // node: types for the optional entries (CLI, emulator server, file credentials) only; the
      // Web-only check of the rest is tests/runtimes/portable_test.ts.
      types: ["node"],
      typeRoots: [join(REPO_DIR, "node_modules", "@types")],
      rewriteRelativeImportExtensions: true,
      allowImportingTsExtensions: true,
      declaration: true,
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      skipLibCheck: true,
      noEmitOnError: false,
      removeComments: false,
      rootDir: REPO_DIR,
      outDir: OUT_DIR,
    },
    files: entries.map((e) => join(REPO_DIR, e)),
  };
}

function packageJson(deno: DenoJson, entries: Record<string, string>): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  for (const [key, file] of Object.entries(entries)) {
    const js = `./${file.replace(/^\.\//, "").replace(/\.ts$/, ".js")}`;
    exports[key] = { types: js.replace(/\.js$/, ".d.ts"), default: js };
  }
  exports["./package.json"] = "./package.json";
  return {
    name: NPM_NAME,
    version: deno.version,
    description: deno.description,
    license: deno.license,
    type: "module",
    ...(entries["."] ? { main: "./mod.js", types: "./mod.d.ts" } : {}),
    exports,
    engines: { node: ">=20" },
    sideEffects: false,
    keywords: [
      "aws",
      "bedrock",
      "bedrock-runtime",
      "sigv4",
      "eventstream",
      "llm",
      "fetch",
      "workers",
      "deno",
      "bun",
    ],
    dependencies: {},
  };
}

/** tsc keeps "./x.ts" in .d.ts files; consumers without allowImportingTsExtensions need "./x.js". */
function rewriteDeclarationImports(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
    const path = join(entry.parentPath, entry.name);
    const text = readFileSync(path, "utf8");
    const fixed = text.replace(
      /((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']+)\.ts(["'])/g,
      "$1$2.js$3",
    );
    if (fixed !== text) writeFileSync(path, fixed);
  }
}

async function run(cmd: string, args: string[], cwd = REPO_DIR): Promise<string> {
  const res = await new Deno.Command(cmd, { args, cwd, env: { NO_COLOR: "1" } }).output();
  const out = new TextDecoder().decode(res.stdout) + new TextDecoder().decode(res.stderr);
  if (!res.success) throw new Error(`${cmd} ${args.join(" ")} failed:\n${out}`);
  return out;
}

/** Builds dist/npm and returns the list of problems tsc reported (the build goes on regardless). */
export async function buildNpm(): Promise<{ dir: string; diagnostics: string[] }> {
  const deno: DenoJson = JSON.parse(readFileSync(join(REPO_DIR, "deno.json"), "utf8"));
  const entries = Object.fromEntries(
    Object.entries(deno.exports).filter(([, f]) => existsSync(join(REPO_DIR, f))),
  );
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const cfg = join(REPO_DIR, "dist", "tsconfig.npm.json");
  writeFileSync(cfg, JSON.stringify(tsconfig(Object.values(entries)), null, 2));
  const tsc = join(REPO_DIR, "node_modules", ".bin", "tsc");
  const res = await new Deno.Command(tsc, {
    args: ["-p", cfg],
    cwd: REPO_DIR,
    env: { NO_COLOR: "1" },
  })
    .output();
  const diagnostics = new TextDecoder().decode(res.stdout).split("\n").filter((l) =>
    /error TS/.test(l)
  );
  for (const [key, file] of Object.entries(entries)) {
    const js = join(OUT_DIR, file.replace(/\.ts$/, ".js"));
    if (!existsSync(js)) {
      throw new Error(`Cannot build the npm package: ${key} (${file}) emitted no ${js}`);
    }
  }
  rewriteDeclarationImports(OUT_DIR);
  const pkg = packageJson(deno, entries);
  if (entries["./cli"]) {
    // src/cli.js only runs itself when it is the main module, which an npm bin symlink defeats.
    mkdirSync(join(OUT_DIR, "bin"), { recursive: true });
    writeFileSync(join(OUT_DIR, "bin", "bedrock-fetch.js"), BIN_SCRIPT, { mode: 0o755 });
    pkg.bin = { "bedrock-fetch": "./bin/bedrock-fetch.js" };
  }
  writeFileSync(join(OUT_DIR, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  for (const f of ["README.md", "LICENSE", "CHANGELOG.md"]) {
    if (existsSync(join(REPO_DIR, f))) copyFileSync(join(REPO_DIR, f), join(OUT_DIR, f));
  }
  rmSync(cfg);
  return { dir: OUT_DIR, diagnostics };
}

/** `npm pack` of dist/npm into `dest`; returns the tarball path. */
export async function packNpm(dest: string): Promise<string> {
  mkdirSync(dest, { recursive: true });
  const out = await run("npm", [
    "pack",
    OUT_DIR,
    "--pack-destination",
    dest,
    "--json",
    "--loglevel=error",
  ]);
  const info = JSON.parse(out.slice(out.indexOf("[")));
  return join(dest, info[0].filename);
}

if (import.meta.main) {
  const { dir, diagnostics } = await buildNpm();
  for (const d of diagnostics) console.warn(`tsc: ${d}`);
  console.log(`built ${dir} (${diagnostics.length} tsc diagnostics)`);
  if (Deno.args.includes("--pack")) console.log(`packed ${await packNpm(join(REPO_DIR, "dist"))}`);
}
