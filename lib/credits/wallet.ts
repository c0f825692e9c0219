import "server-only";
import { db } from "@/lib/db";
import { isForeignKeyViolation, isUniqueViolation } from "@/lib/db/errors";
import { NotFoundError } from "@/lib/errors";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { fromDbAmount } from "./money";
import type { Balance, EntryKind } from "./types";

/**
 * The one place that changes a user's credit. Every change runs in a transaction that first bumps the
 * user's wallet row; that UPDATE takes the row lock on PostgreSQL and the write lock on SQLite, so
 * changes to one user's credit run one after another, and each one reads the balance as the previous
 * one left it. Then it appends ledger entries and moves the wallet's running totals by exactly their
 * amounts, in the same transaction, so the totals always equal the ledger's sums (`auditBalance`).
 *
 * Rule for callers of `withLockedWallet`: make every check before the first write and report an
 * expected refusal (not enough credit, already done) by RETURNING it, not by throwing. With Prisma's
 * better-sqlite3 adapter all queries share one connection, so a rollback would also undo writes that
 * other requests happened to make while the transaction was open; a transaction that only returns
 * commits, and touches nothing but its own rows.
 */

export type LedgerTx = Prisma.TransactionClient;

export interface WalletState {
  userId: string;
  availableMicroUsd: number;
  heldMicroUsd: number;
}

// Generous waits: under a burst, transactions queue for the one SQLite connection or for a pool slot.
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 } as const;

/** Creates the user's wallet on first use. Throws NotFoundError for a user that does not exist. */
async function ensureWallet(userId: string): Promise<void> {
  if (await db.creditWallet.findUnique({ where: { userId }, select: { userId: true } })) return;
  try {
    await db.creditWallet.create({ data: { userId } });
  } catch (error) {
    if (isUniqueViolation(error)) return; // created by a concurrent first use
    if (isForeignKeyViolation(error)) throw new NotFoundError("There is no such user.", { code: "user_not_found" });
    throw error;
  }
}

/** Runs `change` with the user's wallet locked (see the rule above). */
export async function withLockedWallet<T>(
  userId: string,
  change: (tx: LedgerTx, wallet: WalletState) => Promise<T>,
): Promise<T> {
  await ensureWallet(userId);
  return db.$transaction(async (tx) => {
    const row = await tx.creditWallet.update({ where: { userId }, data: { version: { increment: 1 } } });
    const wallet = {
      userId,
      availableMicroUsd: fromDbAmount(row.availableMicroUsd),
      heldMicroUsd: fromDbAmount(row.heldMicroUsd),
    };
    return change(tx, wallet);
  }, TRANSACTION_OPTIONS);
}

export interface NewEntry {
  userId: string;
  kind: EntryKind;
  /** Signed change to the available balance. */
  amountMicroUsd: number;
  reason: string;
  reference?: string | null;
  closesHoldId?: string | null;
  receiptUrl?: string | null;
  apiKeyId?: string | null;
}

/**
 * Appends one entry and moves the wallet by its amount. `heldDeltaMicroUsd` moves the held total:
 * +amount for a new hold, -held when a settle or release closes one. Only inside `withLockedWallet`.
 */
export async function appendEntry(tx: LedgerTx, entry: NewEntry, heldDeltaMicroUsd = 0) {
  const row = await tx.ledgerEntry.create({
    data: {
      userId: entry.userId,
      kind: entry.kind,
      amountMicroUsd: BigInt(entry.amountMicroUsd),
      reason: entry.reason,
      reference: entry.reference ?? null,
      closesHoldId: entry.closesHoldId ?? null,
      receiptUrl: entry.receiptUrl ?? null,
      apiKeyId: entry.apiKeyId ?? null,
    },
  });
  await tx.creditWallet.update({
    where: { userId: entry.userId },
    data: {
      availableMicroUsd: { increment: BigInt(entry.amountMicroUsd) },
      heldMicroUsd: { increment: BigInt(heldDeltaMicroUsd) },
    },
  });
  return row;
}

/** The user's balance from the wallet's running totals; zero for a user who never had credit. */
export async function getBalance(userId: string): Promise<Balance> {
  const row = await db.creditWallet.findUnique({ where: { userId } });
  const available = row ? fromDbAmount(row.availableMicroUsd) : 0;
  const held = row ? fromDbAmount(row.heldMicroUsd) : 0;
  return { availableMicroUsd: available, heldMicroUsd: held, totalMicroUsd: available + held };
}

export interface BalanceAudit {
  wallet: Balance;
  /** The same figures summed from the ledger itself. */
  ledger: Balance;
  consistent: boolean;
}

/** Recomputes the balance from the ledger and compares it with the wallet's running totals. */
export async function auditBalance(userId: string): Promise<BalanceAudit> {
  const [all, open, wallet] = await Promise.all([
    db.ledgerEntry.aggregate({ where: { userId }, _sum: { amountMicroUsd: true } }),
    db.ledgerEntry.aggregate({ where: { userId, kind: "hold", closedBy: { is: null } }, _sum: { amountMicroUsd: true } }),
    getBalance(userId),
  ]);
  const available = fromDbAmount(all._sum.amountMicroUsd ?? 0n);
  const held = 0 - fromDbAmount(open._sum.amountMicroUsd ?? 0n); // 0 - x: never -0
  const ledger = { availableMicroUsd: available, heldMicroUsd: held, totalMicroUsd: available + held };
  const consistent = ledger.availableMicroUsd === wallet.availableMicroUsd && ledger.heldMicroUsd === wallet.heldMicroUsd;
  return { wallet, ledger, consistent };
}
