"use server";

import { revalidatePath } from "next/cache";
import { createApiKey, newApiKeyInput, revokeApiKey, toNewApiKeyInput } from "@/lib/api-keys";
import { requireApiUser } from "@/lib/auth";

/** What the "new key" form shows after a submit: the new key (once), or what to fix. */
export interface NewKeyState {
  /** The secret, present only in the response to the request that created it. */
  key: string | null;
  name: string | null;
  error: string | null;
  /** The form field the error is about. */
  field: string | null;
}

export async function createApiKeyAction(_previous: NewKeyState, form: FormData): Promise<NewKeyState> {
  const user = await requireApiUser();
  const parsed = newApiKeyInput.safeParse({
    name: form.get("name") ?? "",
    spendLimitUsd: form.get("spendLimitUsd") ?? "",
    expiresInDays: form.get("expiresInDays") ?? "",
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { key: null, name: null, error: issue?.message ?? "Check the form.", field: issue ? String(issue.path[0]) : null };
  }
  const { key, view } = await createApiKey(user.id, toNewApiKeyInput(parsed.data));
  revalidatePath("/account");
  return { key, name: view.name, error: null, field: null };
}

/** Revokes one of the signed-in person's keys; someone else's key id is a 404, never a revoke. */
export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const user = await requireApiUser();
  await revokeApiKey(user.id, String(form.get("keyId") ?? ""));
  revalidatePath("/account");
}
