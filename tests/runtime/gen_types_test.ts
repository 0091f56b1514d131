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

Deno.test("generated types carry the botocore 2026-07-31 additions (OPERATIONS.md Appendix A)", async () => {
  const types = await Deno.readTextFile(`${REPO_DIR}/src/runtime/types.ts`);
  const schema = await Deno.readTextFile(`${REPO_DIR}/src/runtime/_schema.ts`);
  const block = (name: string) =>
    types.slice(
      types.indexOf(`export type ${name} =`),
      types.indexOf(";\n\n", types.indexOf(`export type ${name} =`)),
    );
  const iface = (name: string) =>
    types.slice(
      types.indexOf(`export interface ${name} {`),
      types.indexOf("\n}\n", types.indexOf(`export interface ${name} {`)),
    );
  assert.match(block("ContentBlock"), /\btoolAddition: ToolAdditionBlock;/);
  assert.match(block("ContentBlock"), /\btoolRemoval: ToolRemovalBlock;/);
  // SDK-style unions: every member declares the others absent.
  assert.match(block("ContentBlock"), /\btext: string;\s+image\?: never;/);
  assert.match(iface("ToolReference"), /serverName\?: string/);
  assert.match(block("ConversationRole"), /\| "system"/);
  assert.match(iface("OutputConfig"), /effort\?: string/);
  assert.match(iface("InvokeModelRequest"), /requestMetadata\?: string/);
  assert.match(iface("InvokeModelWithResponseStreamRequest"), /requestMetadata\?: string/);
  assert.equal(
    schema.match(/\["requestMetadata", "X-Amzn-Bedrock-Request-Metadata"\]/g)?.length,
    2,
  );
});
