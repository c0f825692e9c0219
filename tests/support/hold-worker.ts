/**
 * A separate process placing holds on one user's credit, for the cross-process concurrency test in
 * tests/integration/credits-processes.test.ts. Run with the react-server condition (lib/ is server-only):
 *   node --conditions=react-server --import tsx tests/support/hold-worker.ts <userId> <count> <amount> <tag>
 * Prints one JSON line: { placed, refused, failed }.
 */
import { InsufficientCreditError, placeHold } from "@/lib/credits";

const [userId = "", count = "0", amount = "0", tag = "w"] = process.argv.slice(2);
const outcomes = await Promise.allSettled(
  Array.from({ length: Number(count) }, (_, i) =>
    placeHold({ userId, amountMicroUsd: Number(amount), reference: `req_${tag}_${i}`, reason: "cross-process race" }),
  ),
);
const refused = outcomes.filter((o) => o.status === "rejected" && o.reason instanceof InsufficientCreditError).length;
const placed = outcomes.filter((o) => o.status === "fulfilled").length;
const failures = outcomes.flatMap((o) => (o.status === "rejected" && !(o.reason instanceof InsufficientCreditError) ? [String(o.reason)] : []));
console.log(JSON.stringify({ placed, refused, failed: failures.length, firstFailure: failures[0] ?? null }));
process.exit(0);
