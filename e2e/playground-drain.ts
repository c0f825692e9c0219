/**
 * Test helper, run by e2e/playground-support.ts against the e2e server's database: takes a person's whole
 * available balance away with a ledger adjustment, so the playground's out-of-credit path can be driven.
 *   node --conditions=react-server --import tsx e2e/playground-drain.ts EMAIL
 */
import { adjustCredit, getBalance } from "@/lib/credits";
import { db } from "@/lib/db";

const email = process.argv[2];
if (!email) throw new Error("usage: playground-drain.ts EMAIL");
const user = await db.user.findUnique({ where: { email } });
if (!user) throw new Error(`no user ${email}`);
const { availableMicroUsd } = await getBalance(user.id);
if (availableMicroUsd > 0) {
  await adjustCredit({ userId: user.id, amountMicroUsd: -availableMicroUsd, reason: "e2e: balance spent", reference: `e2e-drain-${Date.now()}` });
}
console.log(`${email}: ${availableMicroUsd} micro-USD removed`);
process.exit(0);
