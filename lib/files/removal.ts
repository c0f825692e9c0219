import "server-only";
import { db } from "@/lib/db";
import { storeFor } from "./stores";

/**
 * Removing a file is two steps in two systems (bytes in the store, then the row), and the store can be
 * down in between, so a file to remove is first marked in the database (`deleteRequestedAt`). The mark
 * hides the file at once and is what the file sweep (./sweep.ts) finds when the bytes could not be
 * removed. The mark's time doubles as a claim: whoever set it owns the removal for CLAIM_MS; after
 * that a sweep may take it over by moving the time to its own (a compare-and-set on the old value, so
 * of several instances sweeping at once exactly one wins each file).
 */
export const CLAIM_MS = 60_000;

export interface ClaimedFile {
  id: string;
  backend: string;
  storageKey: string;
  /** The `deleteRequestedAt` this claim wrote. */
  claimedAt: Date;
}

/**
 * Removes a claimed file's bytes, then its row (only while the claim is still this one: a sweep that
 * took over a slow removal finishes it instead). Throws when the store cannot be reached; the mark
 * stays and a later sweep tries again. True when this call removed the row.
 */
export async function removeClaimed(file: ClaimedFile): Promise<boolean> {
  // Keys are random ids never reused, so bytes removed twice (a claim taken over) harm nothing.
  await storeFor(file.backend).delete(file.storageKey);
  const removed = await db.storedFile.deleteMany({ where: { id: file.id, deleteRequestedAt: file.claimedAt } });
  return removed.count === 1;
}
