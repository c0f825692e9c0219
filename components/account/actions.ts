"use server";

import { redirect } from "next/navigation";
import { requireApiUser, signOut } from "@/lib/auth";
import { normalizeEmail, deleteAccount, saveNotificationPreferences } from "@/lib/users";

export interface DeleteState {
  error: string | null;
}

/** Saves the launch-email switches from the account page's form. */
export async function saveNotifications(form: FormData): Promise<void> {
  const user = await requireApiUser();
  await saveNotificationPreferences(user.id, {
    launchEmails: form.get("launchEmails") === "on",
    notifyModelIds: form.getAll("notify").map(String),
  });
  redirect("/account?saved=notifications#notifications");
}

/** Deletes the account after the person typed its email to confirm; then signs out. */
export async function deleteAccountAction(_previous: DeleteState, form: FormData): Promise<DeleteState> {
  const user = await requireApiUser();
  if (normalizeEmail(String(form.get("confirm") ?? "")) !== normalizeEmail(user.email)) {
    return { error: `Type ${user.email} to confirm.` };
  }
  try {
    await deleteAccount(user.id);
  } catch (error) {
    if (error instanceof Error && "status" in error && error.status === 409) return { error: error.message };
    throw error;
  }
  await signOut({ redirectTo: "/?account=deleted" });
  return { error: null };
}
