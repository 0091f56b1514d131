// src/chat (and everything it reaches) imports nothing outside src/: no packages, no zod, no node:.
import assert from "node:assert/strict";
import { REPO_DIR } from "../_spec.ts";

const SRC = `${REPO_DIR}/src`;
const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function* files(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) yield* files(p);
    else if (p.endsWith(".ts")) yield p;
  }
}

Deno.test("src/chat imports only relative .ts files that stay inside src/ (zod is a dev dependency only)", () => {
  const seen = new Set<string>();
  const queue = [...files(`${SRC}/chat`)];
  let checked = 0;
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = Deno.readTextFileSync(file).replace(/\/\*[\s\S]*?\*\//g, "").replace(
      /^\s*\/\/.*$/gm,
      "",
    );
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      checked++;
      assert.ok(spec.startsWith("./") || spec.startsWith("../"), `${file} imports "${spec}"`);
      assert.ok(spec.endsWith(".ts"), `${file} imports "${spec}" without .ts`);
      const resolved = new URL(spec, `file://${file}`).pathname;
      assert.ok(resolved.startsWith(`${SRC}/`), `${file} reaches outside src/: ${spec}`);
      if (file.startsWith(`${SRC}/chat/`)) {
        assert.ok(
          !/\/(emulator|cli|credentials\/(file|process|profile))/.test(resolved),
          `${file} pulls ${spec}`,
        );
      }
      queue.push(resolved);
    }
    if (file.includes("/chat/")) {
      assert.ok(
        !/\bDeno\.|\bprocess\.|\bBuffer\b|require\(/.test(text),
        `${file} touches a runtime global`,
      );
    }
  }
  assert.ok(checked > 50, `only ${checked} imports checked`);
  assert.ok([...seen].some((f) => f.endsWith("/runtime/base64.ts")));
});

Deno.test("the import scan fails on a package import (the check can fail)", () => {
  const text = 'import { z } from "zod";\nexport { x } from "./x.ts";';
  const specs = [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
  assert.deepStrictEqual(specs, ["zod", "./x.ts"]);
});
