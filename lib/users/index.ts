import "server-only";
import { grantFreeCredit } from "@/lib/credits";
import { withLockedWallet, appendEntry } from "@/lib/credits/wallet";
import { db } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { normalizeEmail } from "./email";

export { normalizeEmail } from "./email";

/**
 * What happens to a person's account outside Auth.js: what sign-in adds to it, and what deleting it
 * keeps. The ledger, purchases and the free-credit claim are kept for good (they are the money
 * history); everything else goes with the account.
 */

export interface AccountUser {
  id: string;
  email: string;
}

/**
 * Runs on every sign-in (Auth.js `events.signIn`): claims the interest signups and model-request
 * votes left earlier with the same email, and grants the free credit if this person never had it.
 * Both are idempotent, so a repeat sign-in changes nothing.
 */
export async function onSignIn(user: AccountUser): Promise<{ linkedSignups: number; linkedVotes: number; freeCredit: boolean }> {
  const linked = await linkByEmail(user);
  const freeCredit = await grantFreeCredit({ id: user.id, email: normalizeEmail(user.email) });
  return { ...linked, freeCredit };
}

/**
 * Claims the unclaimed interest signups and votes made with the account's email. Also run when the
 * account page loads, so a signup made while signed in shows up there at once.
 */
export async function linkByEmail(user: AccountUser): Promise<{ linkedSignups: number; linkedVotes: number }> {
  const email = normalizeEmail(user.email);
  const [signups, votes] = await Promise.all([
    db.interestSignup.updateMany({ where: { email, userId: null }, data: { userId: user.id } }),
    db.requestVote.updateMany({ where: { email, userId: null }, data: { userId: user.id } }),
  ]);
  return { linkedSignups: signups.count, linkedVotes: votes.count };
}

/**
 * Deletes the account: sessions, sign-in methods, wallet and preferences go; interest signups and
 * votes stay but lose their link. Remaining credit is forfeited by a final ledger entry, so the kept
 * ledger still sums to what the person ended with. Refused while a request still holds credit.
 */
export async function deleteAccount(userId: string): Promise<void> {
  const outcome = await withLockedWallet(userId, async (tx, wallet) => {
    if (wallet.heldMicroUsd !== 0) return "busy" as const;
    if (wallet.availableMicroUsd !== 0) {
      await appendEntry(tx, {
        userId,
        kind: "adjustment",
        amountMicroUsd: -wallet.availableMicroUsd,
        reason: "Account deleted: remaining credit forfeited",
        reference: "account-deleted",
      });
    }
    return "ok" as const;
  });
  if (outcome === "busy") {
    throw new ConflictError("A request is still running on this account; try again when it has finished.", {
      code: "requests_running",
    });
  }
  await db.user.delete({ where: { id: userId } });
}

export interface NotificationPreferences {
  /** Global switch: no launch emails at all when false. */
  launchEmails: boolean;
  models: { signupId: string; modelId: string; notify: boolean; signedUpAt: Date }[];
}

export async function notificationPreferences(userId: string): Promise<NotificationPreferences> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      launchEmails: true,
      interestSignups: { orderBy: { createdAt: "asc" }, select: { id: true, modelId: true, notify: true, createdAt: true } },
    },
  });
  return {
    launchEmails: user.launchEmails,
    models: user.interestSignups.map((s) => ({ signupId: s.id, modelId: s.modelId, notify: s.notify, signedUpAt: s.createdAt })),
  };
}

/** Saves the switches; signups that are not the user's own are ignored. */
export async function saveNotificationPreferences(
  userId: string,
  preferences: { launchEmails: boolean; notifyModelIds: readonly string[] },
): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { launchEmails: preferences.launchEmails } }),
    db.interestSignup.updateMany({ where: { userId, modelId: { in: [...preferences.notifyModelIds] } }, data: { notify: true } }),
    db.interestSignup.updateMany({ where: { userId, modelId: { notIn: [...preferences.notifyModelIds] } }, data: { notify: false } }),
  ]);
}

/**
 * Who gets the "it's live" email for a model: everyone waiting for it, minus signed-in owners who
 * turned that model's email off or all launch emails off. For whoever sends launch emails.
 */
export async function launchEmailRecipients(modelId: string): Promise<string[]> {
  const signups = await db.interestSignup.findMany({
    where: { modelId, notify: true, OR: [{ userId: null }, { user: { launchEmails: true } }] },
    select: { email: true },
    orderBy: { createdAt: "asc" },
  });
  return signups.map((s) => s.email);
}
