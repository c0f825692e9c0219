import { unique } from "./support";
import { describe, expect, it } from "vitest";
import { POST as webhook } from "@/app/api/billing/webhook/route";
import { billingEnabled, createCheckout } from "@/lib/billing";
import { db } from "@/lib/db";

// No STRIPE_* settings here (scripts/test.sh sets none): buying is off, and says so instead of breaking.
describe("billing without Stripe keys", () => {
  it("reports buying as disabled and refuses to open a checkout with 503", async () => {
    expect(billingEnabled()).toBe(false);
    const user = await db.user.create({ data: { email: `${unique("nokeys")}@example.com` } });
    await expect(createCheckout({ user, amountCents: 1_000 })).rejects.toMatchObject({ status: 503, code: "billing_disabled" });
    expect(await db.creditPurchase.count({ where: { userId: user.id } })).toBe(0);
  });

  it("answers webhooks with 503, so Stripe retries once the server is configured", async () => {
    const response = await webhook(new Request("http://localhost/api/billing/webhook", { method: "POST", body: "{}" }));
    expect(response.status).toBe(503);
  });
});
