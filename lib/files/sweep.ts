import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { startPeriodicTask } from "@/lib/periodic";
import { TERMINAL } from "@/lib/jobs/store";
import type { Prisma } from "@/prisma/generated/sqlite/client";
import { CLAIM_MS, removeClaimed, type ClaimedFile } from "./removal";

/**
 * Files nobody will delete by hand, removed by a sweep every web instance runs:
 *
 * - uploads started with fal's two-step protocol whose bytes never came, once FILE_SWEEP_PENDING_HOURS
 *   old (row, any partial bytes, and the PUT URL with them);
 * - job audio whose job has ended (its own delete failed, or the process stopped before it), and job
 *   audio that no job row names once FILE_SWEEP_PENDING_HOURS old (the job could not be written);
 * - files marked for deletion (an owner's DELETE, an ended job) whose bytes could not be removed
 *   because the store was down: retried every round until the store answers.
 *
 * Never removed: a file an unfinished job names (checked again right before removing), an upload whose
 * bytes are arriving (its PUT holds `uploadedAt`), anything younger than its threshold. Several
 * instances may sweep at once: every file is claimed with a conditional update first (./removal.ts),
 * so exactly one of them removes it.
 */

/** A job's own finish deletes its audio; the sweep steps in only once the job has been over this long. */
const JOB_END_GRACE_MS = 60_000;
const BATCH = 200;

export interface FileSweepOptions {
  /** The sweep's clock (an operator or a test may sweep "as of" later); default now. */
  at?: Date;
  /** Pending uploads and job audio without a job count as abandoned when created before this; default FILE_SWEEP_PENDING_HOURS before `at`. */
  abandonedBefore?: Date;
  /** One account's files only (an operator looking into one; tests sharing a database). */
  userId?: string;
}

export interface FileSweepResult {
  /** Uploads whose bytes never came, claimed this round. */
  abandonedUploads: number;
  /** Job audio no job needs any more, claimed this round. */
  jobAudio: number;
  /** Earlier deletes (whose store was down) taken up again. */
  retried: number;
  /** Files whose bytes and row are gone now. */
  removed: number;
  /** Files still to go because their store could not be reached; the next round tries again. */
  failed: number;
}

/** Claims `id` for removal at `at` when its row still matches `where` (the compare in compare-and-set). */
async function claim(id: string, where: Prisma.StoredFileWhereInput, at: Date, extra: Prisma.StoredFileUpdateManyMutationInput = {}): Promise<boolean> {
  const updated = await db.storedFile.updateMany({ where: { id, ...where }, data: { deleteRequestedAt: at, ...extra } });
  return updated.count === 1;
}

const fileFields = { id: true, backend: true, storageKey: true, createdAt: true, deleteRequestedAt: true } as const;

async function claimAbandonedUploads(at: Date, abandonedBefore: Date, userId: string | undefined): Promise<ClaimedFile[]> {
  // Pending: no uploadedAt. That includes a PUT cut off by a crash (its token is retired, its bytes may be half there).
  const pending: Prisma.StoredFileWhereInput = { purpose: "upload", uploadedAt: null, deleteRequestedAt: null };
  const rows = await db.storedFile.findMany({ where: { ...pending, createdAt: { lt: abandonedBefore }, userId }, select: fileFields, take: BATCH });
  const claimed: ClaimedFile[] = [];
  // A PUT that starts after this finds its token retired (404); one under way finds the row claimed when
  // it finishes and takes its bytes away again (lib/files completeUpload).
  for (const row of rows) if (await claim(row.id, pending, at, { uploadToken: null })) claimed.push({ ...row, claimedAt: at });
  return claimed;
}

async function claimUnneededJobAudio(at: Date, abandonedBefore: Date, userId: string | undefined): Promise<ClaimedFile[]> {
  const claimed: ClaimedFile[] = [];
  const endedBefore = new Date(at.getTime() - JOB_END_GRACE_MS);
  // Unmarked job audio is the audio of jobs still to run (few) plus what this looks for; walk it all.
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.storedFile.findMany({
      where: { purpose: "job-audio", deleteRequestedAt: null, userId },
      select: fileFields,
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    if (rows.length === 0) break;
    cursor = rows.at(-1)!.id;
    const jobs = await db.queueJob.findMany({ where: { audioFileId: { in: rows.map((row) => row.id) } }, select: { audioFileId: true, status: true, finishedAt: true } });
    for (const row of rows) {
      const mine = jobs.filter((job) => job.audioFileId === row.id);
      const unneeded =
        mine.length === 0
          ? row.createdAt < abandonedBefore
          : mine.every((job) => (TERMINAL as readonly string[]).includes(job.status) && job.finishedAt !== null && job.finishedAt < endedBefore);
      if (unneeded && (await claim(row.id, { deleteRequestedAt: null }, at))) claimed.push({ ...row, claimedAt: at });
    }
    if (rows.length < BATCH) break;
  }
  return claimed;
}

/** Deletes marked before the claim window whose removal did not finish (store down, process gone): taken over. */
async function claimUnfinishedDeletes(at: Date, userId: string | undefined): Promise<ClaimedFile[]> {
  const rows = await db.storedFile.findMany({
    where: { deleteRequestedAt: { lt: new Date(at.getTime() - CLAIM_MS) }, userId },
    select: fileFields,
    orderBy: { deleteRequestedAt: "asc" },
    take: BATCH,
  });
  const claimed: ClaimedFile[] = [];
  for (const row of rows) {
    if (await claim(row.id, { deleteRequestedAt: row.deleteRequestedAt }, at)) claimed.push({ ...row, claimedAt: at });
  }
  return claimed;
}

/** The claimed files an unfinished job names: given back (unmarked), never removed. */
async function stillNeeded(files: ClaimedFile[]): Promise<Set<string>> {
  if (files.length === 0) return new Set();
  const jobs = await db.queueJob.findMany({
    where: { audioFileId: { in: files.map((file) => file.id) }, status: { notIn: [...TERMINAL] } },
    select: { audioFileId: true },
  });
  return new Set(jobs.map((job) => job.audioFileId));
}

/** One round of the sweep; safe to run in several instances at once. */
export async function sweepFiles(options: FileSweepOptions = {}): Promise<FileSweepResult> {
  const at = options.at ?? new Date();
  const abandonedBefore = options.abandonedBefore ?? new Date(at.getTime() - env.FILE_SWEEP_PENDING_HOURS * 3_600_000);
  const uploads = await claimAbandonedUploads(at, abandonedBefore, options.userId);
  const jobAudio = await claimUnneededJobAudio(at, abandonedBefore, options.userId);
  const retried = await claimUnfinishedDeletes(at, options.userId);

  const claimed = [...uploads, ...jobAudio, ...retried];
  const needed = await stillNeeded(claimed);
  for (const id of needed) {
    console.error(`[files] ${id} was marked for deletion but an unfinished job needs it; kept`);
    await db.storedFile.updateMany({ where: { id, deleteRequestedAt: at }, data: { deleteRequestedAt: null } });
  }

  let removed = 0;
  let failed = 0;
  const downStores = new Set<string>();
  for (const file of claimed) {
    if (needed.has(file.id)) continue;
    // One failure means the store is down: the rest of its files wait for the next round, not for timeouts.
    if (downStores.has(file.backend)) {
      failed += 1;
      continue;
    }
    try {
      if (await removeClaimed(file)) removed += 1;
    } catch (error) {
      failed += 1;
      downStores.add(file.backend);
      console.warn(`[files] sweep: the ${file.backend} store did not delete ${file.id} (retried next round):`, error instanceof Error ? error.message : error);
    }
  }
  return { abandonedUploads: uploads.length, jobAudio: jobAudio.length, retried: retried.length, removed, failed };
}

/**
 * Every web instance sweeps on a timer (FILE_SWEEP_INTERVAL_SECONDS; 0 turns it off), and once at
 * start, so storage left behind by an outage or a crash is reclaimed without an operator.
 */
export function startFileSweep(): void {
  if (env.FILE_SWEEP_INTERVAL_SECONDS === 0) return;
  startPeriodicTask("[files]", env.FILE_SWEEP_INTERVAL_SECONDS, async () => {
    const result = await sweepFiles();
    if (result.removed + result.failed > 0) {
      console.warn(`[files] sweep removed ${result.removed} file(s); ${result.failed} wait for their store to come back`);
    }
  });
}
