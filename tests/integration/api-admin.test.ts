/**
 * The operator script, run as an operator runs it (`npm run admin -- ...` in a child process), on the
 * test's database: a user with credit, a key printed once that then authenticates, the balance.
 */
import "./support";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { authenticateRequest, listApiKeys } from "@/lib/api-keys";
import { getBalance } from "@/lib/credits";
import { db } from "@/lib/db";
import { uniqueEmail } from "@/tests/support/api-fixtures";

const run = promisify(execFile);

async function admin(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "--silent", "admin", "--", ...args], { env: process.env, timeout: 60_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

describe("npm run admin", () => {
  it("creates a user with credit, prints a working key once, and reports the balance", async () => {
    const email = uniqueEmail("admin");
    const created = await admin("create-user", "--email", email.toUpperCase(), "--credit", "2.5");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`${email}: available $2.50, held $0.00, total $2.50`);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect((await getBalance(user.id)).availableMicroUsd).toBe(2_500_000);

    const key = await admin("create-key", "--email", email, "--name", "ci", "--spend-limit", "1");
    expect(key.code).toBe(0);
    // stdout is the key alone, so `KEY=$(npm run --silent admin -- create-key ...)` works.
    expect(key.stdout).toMatch(/^gr_live_[A-Za-z0-9_-]{43}\n$/);
    const secret = key.stdout.trim();
    const authenticated = await authenticateRequest(new Request("http://localhost/v1/models", { headers: { authorization: `Bearer ${secret}` } }));
    expect(authenticated.userId).toBe(user.id);
    expect(await listApiKeys(user.id)).toEqual([expect.objectContaining({ name: "ci", spendLimitMicroUsd: 1_000_000, state: "active" })]);

    const balance = await admin("balance", "--email", email);
    expect(balance.stdout.trim()).toBe(`${email}: available $2.50, held $0.00, total $2.50`);
  }, 180_000);

  it("explains what is wrong instead of failing silently", async () => {
    const unknown = await admin("balance", "--email", uniqueEmail("nobody"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no user with the email");
    const bad = await admin("create-user", "--email", uniqueEmail("x"), "--credit", "lots");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--credit must be a positive amount");
  }, 120_000);
});
