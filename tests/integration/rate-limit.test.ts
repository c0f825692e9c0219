import { unique } from "./support";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { claimOnce, hitRateLimit, type RateLimitRule } from "@/lib/rate-limit";

const minute = 60_000;
// A window start far from today, so the clock of the machine never matters.
const t0 = Date.UTC(2030, 0, 1, 12, 0, 0);
const at = (ms: number) => new Date(t0 + ms);

describe("hitRateLimit", () => {
  const rule = (): RateLimitRule => ({ name: unique("test"), limit: 3, windowMs: minute });

  it("allows `limit` hits in a window and refuses the next, saying when to retry", async () => {
    const r = rule();
    for (let i = 1; i <= 3; i++) {
      const hit = await hitRateLimit(r, "client", at(i * 1000));
      expect(hit).toMatchObject({ allowed: true, remaining: 3 - i });
    }
    const refused = await hitRateLimit(r, "client", at(4000));
    expect(refused.allowed).toBe(false);

    // Retrying exactly when told works.
    expect((await hitRateLimit(r, "client", at(4000 + refused.retryAfterSeconds * 1000))).allowed).toBe(true);
  });

  it("counts each client separately", async () => {
    const r = rule();
    for (let i = 0; i < 4; i++) await hitRateLimit(r, "busy", at(1000));
    expect((await hitRateLimit(r, "quiet", at(1000))).allowed).toBe(true);
  });

  it("does not let a burst through twice by straddling a window edge", async () => {
    const r = rule();
    for (let i = 0; i < 3; i++) expect((await hitRateLimit(r, "edge", at(minute - 1000))).allowed).toBe(true);
    // A fixed window would start from zero here; last window's hits still weigh almost fully.
    expect((await hitRateLimit(r, "edge", at(minute + 1000))).allowed).toBe(false);
    // Two windows later they have faded out.
    expect((await hitRateLimit(r, "edge", at(3 * minute + 1000))).allowed).toBe(true);
  });

  it("keeps at most the current and the previous window per rule", async () => {
    const r = rule();
    for (let w = 0; w < 5; w++) await hitRateLimit(r, "long-lived", at(w * minute));
    const rows = await db.rateLimitBucket.count({ where: { key: { startsWith: `${r.name}:` } } });
    expect(rows).toBe(2);
  });
});

describe("claimOnce (single-use tokens)", () => {
  it("lets one claim through, across processes sharing the database, and forgets claims past their time", async () => {
    const name = unique("once");
    const until = new Date(Date.now() + minute);
    // Another process (another web instance) claims first, through the same database.
    const script = `import { claimOnce } from "@/lib/rate-limit"; claimOnce(${JSON.stringify(name)}, "token-1", new Date(${until.getTime()})).then((won) => { console.log(won ? "claimed" : "refused"); process.exit(0); });`;
    const other = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: process.env,
      encoding: "utf8",
    });
    expect(other.trim().split("\n").at(-1)).toBe("claimed");
    expect(await claimOnce(name, "token-1", until)).toBe(false);

    // Many at once for a fresh id: exactly one wins.
    const results = await Promise.all(Array.from({ length: 10 }, () => claimOnce(name, "token-2", until)));
    expect(results.filter(Boolean)).toHaveLength(1);

    // Past its time a claim's row is dropped by the next claim.
    await claimOnce(name, "token-3", until, new Date(until.getTime() + 1));
    expect(await db.rateLimitBucket.count({ where: { key: { startsWith: `once-${name}:` } } })).toBe(1);
  });
});
