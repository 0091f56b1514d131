// The npm package end to end: build dist/npm, `npm pack` it, install the tarball offline into an
// empty folder, type-check a nodenext consumer against its .d.ts, and run examples/node.mjs there
// against the emulator served from the installed package itself.

import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_DIR } from "../_spec.ts";
import type { CaseResult } from "./conformance.ts";
import { buildNpm, NPM_NAME, packNpm } from "./build_npm.ts";
import { bundle, exec, parse, type Target } from "./targets.ts";

const CONSUMER =
  `import { BedrockRuntime, type ConverseStreamOutput, ThrottlingException } from "${NPM_NAME}";
import { SigV4Signer } from "${NPM_NAME}/sigv4";
import { decodeEventStream } from "${NPM_NAME}/eventstream";
import { streamChat } from "${NPM_NAME}/chat";
import * as credentials from "${NPM_NAME}/credentials";
import { createEmulator } from "${NPM_NAME}/emulator";
const signer: SigV4Signer = new SigV4Signer({
  region: "us-east-1",
  service: "bedrock",
  credentials: { accessKeyId: "AKID", secretAccessKey: "secret" },
});
const emulator = createEmulator();
const client = new BedrockRuntime({
  region: "us-east-1",
  fetch: (input, init) => emulator.fetch(new Request(input, init)),
});
export async function demo(): Promise<string> {
  let text = "";
  for await (const t of streamChat(client, { model: "m", messages: ["hi"] }).text()) text += t;
  const { stream } = await client.converseStream({ modelId: "m", messages: [] });
  for await (const event of stream as AsyncIterable<ConverseStreamOutput>) void event;
  return text;
}
void [signer, decodeEventStream, credentials, ThrottlingException];
`;

class Skip extends Error {}

async function step(name: string, fn: () => Promise<void>): Promise<CaseResult> {
  const t0 = Date.now();
  try {
    await fn();
    return { name, status: "passed", ms: Date.now() - t0 };
  } catch (err) {
    if (err instanceof Skip) return { name, status: "skipped", ms: 0, error: err.message };
    return { name, status: "failed", ms: Date.now() - t0, error: String(err) };
  }
}

/** Runs the Node example in `app` against the emulator started by the package's CLI bin. */
async function runExample(app: string): Promise<string> {
  const server = new Deno.Command(join(app, "node_modules", ".bin", "bedrock-fetch"), {
    args: ["emulator", "--port", "0"],
    cwd: app,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const reader = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const deadline = Date.now() + 15_000;
    while (!/http:\/\/127\.0\.0\.1:\d+/.test(seen) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += value;
    }
    reader.releaseLock();
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(seen)?.[0];
    if (!url) {
      throw new Error(
        `Cannot start the emulator from the package: printed ${JSON.stringify(seen)}`,
      );
    }
    return await exec("node", [join(app, "node.mjs"), "Hello from the npm package"], {
      cwd: app,
      env: { BEDROCK_ENDPOINT: url, PATH: Deno.env.get("PATH") ?? "" },
      timeoutMs: 30_000,
    });
  } finally {
    server.kill("SIGTERM");
    await server.status;
  }
}

/** The npm package target: build, pack, install, type-check, run the example. */
export const npmPackage: Target = {
  name: "npm-package",
  async run(work) {
    const results: CaseResult[] = [];
    const app = join(work, "app");
    let installed = false;
    results.push(
      await step("npm pack of dist/npm installs offline into an empty folder", async () => {
        const { diagnostics } = await buildNpm();
        if (diagnostics.length > 0) {
          console.log(`  tsc reported ${diagnostics.length} diagnostics while building`);
        }
        const tarball = await packNpm(join(work, "pack"));
        mkdirSync(app, { recursive: true });
        writeFileSync(
          join(app, "package.json"),
          JSON.stringify({ name: "app", private: true, type: "module" }),
        );
        await exec("npm", [
          "install",
          "--offline",
          "--no-audit",
          "--no-fund",
          "--loglevel=error",
          tarball,
        ], {
          cwd: app,
          env: { PATH: Deno.env.get("PATH") ?? "", HOME: Deno.env.get("HOME") ?? "/tmp" },
        });
        if (!existsSync(join(app, "node_modules", ...NPM_NAME.split("/"), "package.json"))) {
          throw new Error("the package is not in node_modules after npm install");
        }
        installed = true;
      }),
    );
    results.push(
      await step(
        "the installed .d.ts files type-check in a nodenext TypeScript consumer",
        async () => {
          if (!installed) throw new Skip("not installed");
          writeFileSync(join(app, "check.ts"), CONSUMER);
          writeFileSync(
            join(app, "tsconfig.json"),
            JSON.stringify({
              compilerOptions: {
                module: "nodenext",
                target: "es2022",
                strict: true,
                noEmit: true,
                lib: ["es2022", "dom", "dom.iterable", "dom.asynciterable"],
                types: ["node"],
                typeRoots: [join(REPO_DIR, "node_modules", "@types")],
              },
              files: ["check.ts"],
            }),
          );
          await exec(join(REPO_DIR, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], {
            cwd: app,
          });
        },
      ),
    );
    results.push(
      await step(
        "examples/node.mjs streams a chat from the emulator run by the installed bedrock-fetch bin",
        async () => {
          if (!installed) throw new Skip("not installed");
          for (const f of ["mod.ts", "src/emulator/mod.ts", "src/cli.ts"]) {
            if (!existsSync(join(REPO_DIR, f))) throw new Skip(`missing ${f}`);
          }
          copyFileSync(join(REPO_DIR, "examples", "node.mjs"), join(app, "node.mjs"));
          const out = await runExample(app);
          if (!/\[stop: \w+\]/.test(out) || !/\[tokens: \d+ in, \d+ out\]/.test(out)) {
            throw new Error(`unexpected example output: ${out.slice(0, 500)}`);
          }
          console.log(`  node example printed: ${out.split("\n")[0]!.slice(0, 80)}`);
        },
      ),
    );
    if (installed) results.push(...(await suiteOnPackage(work, app)));
    else {results.push({
        name: "npm build: conformance suite",
        status: "skipped",
        ms: 0,
        error: "not installed",
      });}
    return results;
  },
};

/** Entry points of the installed package, keyed like the suite's Lib (errors come from "."). */
const PACKAGE_LIB = `import * as root from "${NPM_NAME}";
import * as sigv4 from "${NPM_NAME}/sigv4";
import * as eventstream from "${NPM_NAME}/eventstream";
import * as emulator from "${NPM_NAME}/emulator";
import * as chat from "${NPM_NAME}/chat";
export const lib = { root, errors: root, sigv4, eventstream, emulator, chat };
`;

/** The conformance suite on Node against the tsc-built JS of the installed package (not a bundle). */
async function suiteOnPackage(work: string, app: string): Promise<CaseResult[]> {
  try {
    writeFileSync(join(app, "lib.mjs"), PACKAGE_LIB);
    const libUrl = new URL(`file://${join(app, "lib.mjs")}`).href;
    const suite = JSON.stringify(join(REPO_DIR, "tests", "runtimes", "conformance.ts"));
    writeFileSync(
      join(work, "main_npm.ts"),
      [
        `import { runConformance } from ${suite};`,
        `import data from "./data.json" with { type: "json" };`,
        `const libUrl: string = ${JSON.stringify(libUrl)};`,
        `const { lib } = await import(libUrl);`,
        `const r = await runConformance(lib, data);`,
        `console.log("@@CONFORMANCE@@" + JSON.stringify(r));`,
      ].join("\n") + "\n",
    );
    const out = join(work, "main_npm.mjs");
    await bundle(join(work, "main_npm.ts"), out, ["--platform=node", "--target=node20"]);
    const results = parse(await exec("node", [out], { cwd: app }));
    return results.map((r) => ({ ...r, name: `npm build: ${r.name}` }));
  } catch (err) {
    return [{ name: "npm build: conformance suite", status: "failed", ms: 0, error: String(err) }];
  }
}
