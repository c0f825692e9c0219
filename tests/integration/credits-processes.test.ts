import { unique } from "./support";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { auditBalance, grantCredit } from "@/lib/credits";
import { db } from "@/lib/db";

const run = promisify(execFile);

// Several server processes (web instances, queue workers) share one database. Within one process the
// SQLite adapter already queues transactions; this checks the lock holds between processes too.
describe("holds from several processes at once", () => {
  it("4 processes racing 12 holds each never over-spend one balance", async () => {
    const user = await db.user.create({ data: { email: `${unique("procs")}@example.com` } });
    await grantCredit({ userId: user.id, amountMicroUsd: 140_000, reason: "race", reference: "race" });

    const results = await Promise.all(
      ["a", "b", "c", "d"].map(async (tag) => {
        const { stdout } = await run(
          "node",
          ["--conditions=react-server", "--import", "tsx", "tests/support/hold-worker.ts", user.id, "12", "7000", tag],
          { env: process.env, timeout: 90_000 },
        );
        return JSON.parse(stdout.trim().split("\n").at(-1)!) as { placed: number; refused: number; failed: number; firstFailure: string | null };
      }),
    );
    const total = results.reduce((sum, r) => ({ placed: sum.placed + r.placed, refused: sum.refused + r.refused, failed: sum.failed + r.failed }), {
      placed: 0,
      refused: 0,
      failed: 0,
    });
    expect(results.map((r) => r.firstFailure).filter(Boolean)).toEqual([]);
    expect(total).toEqual({ placed: 20, refused: 28, failed: 0 });
    const audit = await auditBalance(user.id);
    expect(audit.consistent).toBe(true);
    expect(audit.wallet).toEqual({ availableMicroUsd: 0, heldMicroUsd: 140_000, totalMicroUsd: 140_000 });
  });
});
