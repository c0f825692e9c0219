"use server";

import { revalidatePath } from "next/cache";
import { requireApiUser } from "@/lib/auth";
import { replayDelivery, rotateWebhookSecret } from "@/lib/webhooks";

/** Sends one of the signed-in person's webhook deliveries again now (someone else's id is a 404). */
export async function replayWebhookAction(form: FormData): Promise<void> {
  const user = await requireApiUser();
  await replayDelivery(user.id, String(form.get("deliveryId") ?? "")).catch((error: unknown) => {
    // A delivery being sent right now is simply not sent twice; the list shows what happened.
    if ((error as { status?: number }).status !== 409) throw error;
  });
  revalidatePath("/account");
}

/** A new signing secret: deliveries from now on are signed with it. */
export async function rotateWebhookSecretAction(): Promise<void> {
  const user = await requireApiUser();
  await rotateWebhookSecret(user.id);
  revalidatePath("/account");
}
