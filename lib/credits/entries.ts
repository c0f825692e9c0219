import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { fromDbAmount, microUsdToDecimal } from "./money";
import { ENTRY_KIND_LABELS, isEntryKind, type EntryFilters, type LedgerEntryView } from "./types";

/** Reading the ledger: the account page's table and its CSV export. */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

function whereFor(userId: string, filters: EntryFilters): Prisma.LedgerEntryWhereInput {
  const createdAt: Prisma.DateTimeFilter = {};
  if (filters.from) createdAt.gte = filters.from;
  if (filters.to) createdAt.lt = filters.to;
  return {
    userId,
    ...(filters.kinds && filters.kinds.length > 0 ? { kind: { in: [...filters.kinds] } } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

/** The user's entries, newest first, filtered by kind and date. */
export async function listEntries(userId: string, filters: EntryFilters = {}): Promise<LedgerEntryView[]> {
  const take = Math.min(Math.max(1, Math.trunc(filters.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const rows = await db.ledgerEntry.findMany({
    where: whereFor(userId, filters),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    ...(filters.before ? { cursor: { id: filters.before }, skip: 1 } : {}),
    include: { closesHold: { select: { amountMicroUsd: true } } },
  });
  const receipts = await purchaseReceipts(rows.filter((r) => r.kind === "purchase" && !r.receiptUrl).map((r) => r.reference));
  return rows.map((row) => {
    if (!isEntryKind(row.kind)) throw new Error(`Ledger entry ${row.id} has an unknown kind "${row.kind}"`);
    const amount = fromDbAmount(row.amountMicroUsd);
    const held = row.closesHold ? -fromDbAmount(row.closesHold.amountMicroUsd) : null;
    return {
      id: row.id,
      kind: row.kind,
      amountMicroUsd: amount,
      chargedMicroUsd: row.kind === "settle" && held !== null ? held - amount : null,
      reason: row.reason,
      reference: row.reference,
      holdId: row.kind === "hold" ? row.id : row.closesHoldId,
      receiptUrl: row.receiptUrl ?? (row.kind === "purchase" && row.reference ? (receipts.get(row.reference) ?? null) : null),
      createdAt: row.createdAt,
    };
  });
}

/**
 * Stripe often tells us the receipt after the purchase entry was written (charge.succeeded); entries
 * never change, so the receipt is read from the purchase it references.
 */
async function purchaseReceipts(sessionIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = sessionIds.filter((id): id is string => id !== null);
  if (ids.length === 0) return new Map();
  const purchases = await db.creditPurchase.findMany({
    where: { checkoutSessionId: { in: ids }, receiptUrl: { not: null } },
    select: { checkoutSessionId: true, receiptUrl: true },
  });
  return new Map(purchases.map((p) => [p.checkoutSessionId, p.receiptUrl!]));
}

const CSV_COLUMNS = ["date", "kind", "description", "amount_usd", "charged_usd", "reason", "reference", "hold_id", "receipt_url", "entry_id"];

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first) is
 * prefixed with an apostrophe: reasons and references can carry user-chosen text.
 */
function cell(value: string, text = true): string {
  const safe = text && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** All entries matching `filters` (newest first, up to 100 000) as CSV text with a header row. */
export async function entriesCsv(userId: string, filters: Omit<EntryFilters, "limit" | "before"> = {}): Promise<string> {
  const lines = [CSV_COLUMNS.join(",")];
  let before: string | undefined;
  for (let page = 0; page < 100; page++) {
    const entries = await listEntries(userId, { ...filters, limit: MAX_LIMIT, before });
    for (const e of entries) {
      lines.push(
        [
          cell(e.createdAt.toISOString(), false),
          cell(e.kind),
          cell(ENTRY_KIND_LABELS[e.kind]),
          cell(microUsdToDecimal(e.amountMicroUsd), false),
          cell(e.chargedMicroUsd === null ? "" : microUsdToDecimal(e.chargedMicroUsd), false),
          cell(e.reason),
          cell(e.reference ?? ""),
          cell(e.holdId ?? ""),
          cell(e.receiptUrl ?? ""),
          cell(e.id),
        ].join(","),
      );
    }
    if (entries.length < MAX_LIMIT) break;
    before = entries.at(-1)?.id;
  }
  return `${lines.join("\r\n")}\r\n`;
}
