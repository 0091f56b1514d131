import assert from "node:assert/strict";
import { REPO_DIR } from "../_spec.ts";

Deno.test("gen_types.ts regenerates the committed src/runtime/types.ts and _schema.ts byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", `${REPO_DIR}/tests/tools/gen_types.ts`, dir],
      cwd: REPO_DIR,
    }).output();
    assert.ok(run.success, new TextDecoder().decode(run.stderr));
    for (const file of ["types.ts", "_schema.ts"]) {
      const fresh = await Deno.readTextFile(`${dir}/${file}`);
      const committed = await Deno.readTextFile(`${REPO_DIR}/src/runtime/${file}`);
      assert.equal(committed, fresh, `src/runtime/${file} is stale: run tests/tools/gen_types.ts`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
