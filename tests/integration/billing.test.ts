import { unique } from "./support";
import { STANDIN_PORT, completedEvent, refundEvent, standInCharge, stripeEvent, webhookRequest } from "./billing-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkoutRoute } from "@/app/api/billing/checkout/route";
import { POST as webhook } from "@/app/api/billing/webhook/route";
import { createCheckout } from "@/lib/billing";
import { auditBalance, getBalance, listEntries, placeHold, settleHold } from "@/lib/credits";
import { db } from "@/lib/db";
import { startStripeStandIn, type StripeStandIn } from "@/tests/support/stripe-standin";

let standIn: StripeStandIn;
beforeAll(async () => {
  standIn = await startStripeStandIn({ port: STANDIN_PORT });
});
afterAll(async () => {
  await standIn?.close();
});

async function newUser() {
  return db.user.create({ data: { email: `${unique("buyer")}@example.com` } });
}

async function send(...args: Parameters<typeof webhookRequest>) {
  const response = await webhook(webhookRequest(...args));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function available(userId: string) {
  const audit = await auditBalance(userId);
  expect(audit.consistent).toBe(true);
  return audit.wallet.availableMicroUsd;
}

/** A user with an open $25 Checkout Session made through the real SDK and the stand-in. */
async function openPurchase(amountCents = 2_500) {
  const user = await newUser();
  const { sessionId } = await createCheckout({ user, amountCents });
  return { user, session: standIn.sessions.get(sessionId)! };
}

describe("Stripe Checkout", () => {
  it("opens a Checkout Session for the chosen amount and records it as an open purchase", async () => {
    const user = await newUser();
    const { url, sessionId } = await createCheckout({ user, amountCents: 2_500, attempt: "attempt-0001" });
    expect(url).toBe(`${standIn.base}/pay/${sessionId}`);

    const call = standIn.calls.find((c) => c.path === "/v1/checkout/sessions" && c.idempotencyKey?.includes("attempt-0001"))!;
    expect(call.form).toMatchObject({
      mode: "payment",
      client_reference_id: user.id,
      customer_email: user.email,
      "line_items[0][price_data][unit_amount]": "2500",
      "line_items[0][price_data][currency]": "usd",
      "metadata[userId]": user.id,
    });
    expect(call.form.success_url).toContain("/account?purchase=success&session_id={CHECKOUT_SESSION_ID}");
    expect(await db.creditPurchase.findUnique({ where: { checkoutSessionId: sessionId } })).toMatchObject({
      userId: user.id,
      status: "open",
      amountMicroUsd: 25_000_000n,
    });

    // The same form submitted twice opens one session.
    const again = await createCheckout({ user, amountCents: 2_500, attempt: "attempt-0001" });
    expect(again.sessionId).toBe(sessionId);
    expect(await db.creditPurchase.count({ where: { userId: user.id } })).toBe(1);
    expect(await available(user.id)).toBe(0);
  });

  it("answers 401 to a purchase without a session", async () => {
    const response = await checkoutRoute(
      new Request("http://localhost/api/billing/checkout", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ amount: "10" }),
      }),
    );
    expect(response.status).toBe(401);
  });
});

describe("Stripe webhook", () => {
  it("credits a paid session exactly once, however often and however Stripe sends it", async () => {
    const { user, session } = await openPurchase();
    const event = completedEvent(session);
    expect(await send(event)).toMatchObject({ status: 200, body: { result: "credited" } });
    expect(await available(user.id)).toBe(25_000_000);

    // The same event again, a new event for the same session, and a burst of parallel deliveries.
    expect(await send(event)).toMatchObject({ status: 200, body: { result: "already_credited" } });
    expect(await send(completedEvent(session, {}, "checkout.session.async_payment_succeeded"))).toMatchObject({
      body: { result: "already_credited" },
    });
    const burst = await Promise.all(Array.from({ length: 8 }, () => send(completedEvent(session))));
    expect(burst.every((r) => r.status === 200)).toBe(true);

    expect(await available(user.id)).toBe(25_000_000);
    const purchases = await listEntries(user.id, { kinds: ["purchase"] });
    expect(purchases).toEqual([expect.objectContaining({ amountMicroUsd: 25_000_000, reference: session.id })]);
    expect(await db.creditPurchase.findUnique({ where: { checkoutSessionId: session.id } })).toMatchObject({
      status: "paid",
      paymentIntentId: `pi_test_${session.id}`,
    });
  });

  it("accepts a late delivery of an old event as long as the signature is fresh", async () => {
    const { user, session } = await openPurchase(1_000);
    const dayOld = completedEvent(session, { amount_total: 1_000 });
    (dayOld as { created: number }).created -= 86_400;
    expect((await send(dayOld)).status).toBe(200);
    expect(await available(user.id)).toBe(10_000_000);
  });

  it.each([
    ["a forged signature (wrong secret)", { secret: "whsec_forged" }],
    ["a stale signature (10 minutes old)", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ["no signature", { signature: null }],
    ["a garbled signature header", { signature: "t=1,v1=deadbeef" }],
  ])("rejects %s with 400 and credits nothing", async (_what, options) => {
    const { user, session } = await openPurchase();
    const { status, body } = await send(completedEvent(session), options);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: expect.stringMatching(/invalid_signature/) } });
    expect(await available(user.id)).toBe(0);
    expect((await db.creditPurchase.findUnique({ where: { checkoutSessionId: session.id } }))?.status).toBe("open");
  });

  it("rejects a body changed after signing with 400", async () => {
    const { user, session } = await openPurchase();
    const signedFor = JSON.stringify(completedEvent(session));
    const tampered = signedFor.replace('"amount_total":2500', '"amount_total":250000');
    expect(tampered).not.toBe(signedFor);
    const signature = webhookRequest(signedFor).headers.get("stripe-signature");
    const response = await webhook(webhookRequest(tampered, { signature }));
    expect(response.status).toBe(400);
    expect(await available(user.id)).toBe(0);
  });

  it("does not credit a completed session whose payment is still pending, then credits when it succeeds", async () => {
    const { user, session } = await openPurchase();
    expect(await send(completedEvent(session, { payment_status: "unpaid" }))).toMatchObject({ body: { result: "awaiting_payment" } });
    expect(await available(user.id)).toBe(0);
    expect(await send(completedEvent(session, {}, "checkout.session.async_payment_succeeded"))).toMatchObject({ body: { result: "credited" } });
    expect(await available(user.id)).toBe(25_000_000);
  });

  it("credits a paid session it never stored, from the session's own user reference", async () => {
    const user = await newUser();
    const sessionId = unique("cs_test_external").replaceAll("-", "_");
    const result = await send(completedEvent({ id: sessionId, client_reference_id: user.id, metadata: { userId: user.id } }));
    expect(result.body).toMatchObject({ result: "credited" });
    expect(await available(user.id)).toBe(25_000_000);
  });

  it("credits nothing for an unknown user or a currency other than USD, and still answers 200", async () => {
    const ghost = await send(completedEvent({ id: unique("cs_test_ghost"), client_reference_id: "nobody", metadata: {} }));
    expect(ghost).toMatchObject({ status: 200, body: { result: "unknown_user" } });
    const { user, session } = await openPurchase();
    expect(await send(completedEvent(session, { currency: "eur" }))).toMatchObject({ body: { result: "unsupported_currency" } });
    expect(await available(user.id)).toBe(0);
  });

  it("links the purchase to Stripe's receipt once charge.succeeded reports it", async () => {
    const { user, session } = await openPurchase();
    await send(completedEvent(session));
    expect((await listEntries(user.id, { kinds: ["purchase"] }))[0]?.receiptUrl).toBeNull();
    const charge = standInCharge({ paymentIntentId: `pi_test_${session.id}`, amountCents: 2_500, amountRefundedCents: 0 });
    expect(await send(stripeEvent("charge.succeeded", charge))).toMatchObject({ body: { result: "receipt_saved" } });
    expect((await listEntries(user.id, { kinds: ["purchase"] }))[0]?.receiptUrl).toBe(charge.receipt_url);
  });

  it("ignores event types it does not handle", async () => {
    const { status, body } = await send(completedEvent({ id: "cs_x", client_reference_id: null, metadata: {} }, {}, "customer.created"));
    expect(status).toBe(200);
    expect(body).toMatchObject({ handled: false, result: "ignored" });
  });
});

describe("Stripe refunds", () => {
  it("takes back a partial and then a full refund, each once, even when events repeat or arrive out of order", async () => {
    const { user, session } = await openPurchase();
    await send(completedEvent(session));
    const pi = `pi_test_${session.id}`;

    const partial = refundEvent(pi, 2_500, 1_000);
    expect(await send(partial)).toMatchObject({ body: { result: "refunded" } });
    expect(await send(partial)).toMatchObject({ body: { result: "already_refunded" } });
    expect(await available(user.id)).toBe(15_000_000);

    expect(await send(refundEvent(pi, 2_500, 2_500))).toMatchObject({ body: { result: "refunded" } });
    expect(await available(user.id)).toBe(0);
    // The older, smaller total delivered late changes nothing.
    expect(await send(partial)).toMatchObject({ body: { result: "already_refunded" } });
    expect(await available(user.id)).toBe(0);

    const refunds = await listEntries(user.id, { kinds: ["refund"] });
    expect(refunds.map((r) => r.amountMicroUsd)).toEqual([-15_000_000, -10_000_000]);
    expect(refunds[0]!.receiptUrl).toContain(pi);
  });

  it("keeps a refund that arrives before its payment and applies it when the payment lands", async () => {
    const { user, session } = await openPurchase();
    const pi = `pi_test_${session.id}`;
    expect(await send(refundEvent(pi, 2_500, 500))).toMatchObject({ status: 200, body: { result: "refund_waits_for_payment" } });
    expect(await available(user.id)).toBe(0);
    await send(completedEvent(session));
    expect(await available(user.id)).toBe(20_000_000);
  });

  it("a refund of credit already spent leaves a negative balance that blocks new requests", async () => {
    const { user, session } = await openPurchase(1_000);
    await send(completedEvent(session, { amount_total: 1_000 }));
    const { holdId } = await placeHold({ userId: user.id, amountMicroUsd: 8_000_000, reference: "req_spend", reason: "spend" });
    await settleHold(holdId, 8_000_000);
    await send(refundEvent(`pi_test_${session.id}`, 1_000, 1_000));
    expect(await getBalance(user.id)).toMatchObject({ availableMicroUsd: -8_000_000 });
    await expect(placeHold({ userId: user.id, amountMicroUsd: 1, reference: "req_more", reason: "x" })).rejects.toMatchObject({ status: 402 });
  });
});
