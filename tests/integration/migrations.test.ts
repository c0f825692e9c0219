import { expectedProvider } from "./support";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("migrations", () => {
  it(`the committed ${expectedProvider} migrations build exactly the schema in prisma/models.prisma`, async () => {
    // Both generated schema files must match models.prisma...
    await run("npx", ["tsx", "scripts/db/schemas.ts", "--check"]);
    // ...and replaying the migrations on a shadow database must give that schema (exit 2 on a difference).
    const dir = `prisma/${expectedProvider}`;
    const { stdout } = await run("npx", [
      "prisma", "migrate", "diff", "--exit-code",
      "--from-migrations", `${dir}/migrations`,
      "--to-schema-datamodel", `${dir}/schema.prisma`,
    ]);
    expect(stdout).toContain("No difference detected");
  });
});
