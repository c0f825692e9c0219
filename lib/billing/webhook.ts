import "server-only";
import type Stripe from "stripe";
import { centsToMicroUsd, fromDbAmount } from "@/lib/credits/money";
import { appendEntry, withLockedWallet } from "@/lib/credits/wallet";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { UnavailableError, ValidationError } from "@/lib/errors";
import { webhookVerifier } from "./client";

/**
 * Stripe's webhook. Stripe may send an event twice, late, or before an event that happened earlier,
 * so every handler is idempotent and keyed by what the event is about, not by the event's id:
 *  - a paid Checkout Session credits its purchase once (key: the session id; the purchase row turns
 *    "paid" in the same transaction as the ledger entry);
 *  - refunds are applied as "refunded so far": Stripe's cumulative amount_refunded is remembered per
 *    payment, and only the part not yet taken back is taken back (key: payment id + cumulative
 *    amount). A refund reported before its payment's completion waits and is applied with it.
 */

/** Seconds a signature stays valid: Stripe's default, which refuses replays of old deliveries. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookOutcome =
  | { handled: true; type: string; result: string }
  | { handled: false; type: string; result: "ignored" };

/** Verifies the signature over the raw body (400 when it fails) and applies the event. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<WebhookOutcome> {
  const secret = env.STRIPE_WEBHOOK_SECRET;
  if (!secret) throw new UnavailableError("Stripe webhooks are not configured on this server.", { code: "billing_disabled" });
  if (!signature) throw new ValidationError("Missing Stripe-Signature header.", { status: 400, code: "invalid_signature" });
  let event: Stripe.Event;
  try {
    event = webhookVerifier().constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS);
  } catch (error) {
    throw new ValidationError("The Stripe signature does not match this body, or it is too old.", {
      status: 400,
      code: "invalid_signature",
      cause: error,
    });
  }
  return applyEvent(event);
}

export async function applyEvent(event: Stripe.Event): Promise<WebhookOutcome> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return { handled: true, type: event.type, result: await sessionPaid(event.data.object) };
    case "checkout.session.expired":
      await db.creditPurchase.updateMany({ where: { checkoutSessionId: event.data.object.id, status: "open" }, data: { status: "expired" } });
      return { handled: true, type: event.type, result: "expired" };
    case "charge.refunded":
      return { handled: true, type: event.type, result: await chargeRefunded(event.data.object) };
    case "charge.succeeded":
      return { handled: true, type: event.type, result: await chargeSucceeded(event.data.object) };
    default:
      return { handled: false, type: event.type, result: "ignored" };
  }
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === "string" ? value : (value?.id ?? null);

/** The receipt page when the event carries it (the payment intent and its charge expanded). */
function receiptFromSession(session: Stripe.Checkout.Session): string | null {
  const intent = session.payment_intent;
  if (!intent || typeof intent === "string") return null;
  const charge = intent.latest_charge;
  return charge && typeof charge !== "string" ? (charge.receipt_url ?? null) : null;
}

async function sessionPaid(session: Stripe.Checkout.Session): Promise<string> {
  // "complete" with payment still pending (bank debits): async_payment_succeeded comes later.
  if (session.payment_status !== "paid" && session.payment_status !== "no_payment_required") return "awaiting_payment";
  if (session.currency !== "usd" || session.amount_total === null) {
    console.error(`[billing] Checkout Session ${session.id}: not a USD amount (${session.currency}); nothing credited`);
    return "unsupported_currency";
  }
  const purchase = await findOrRecordPurchase(session);
  if (!purchase) return "unknown_user";

  const paymentIntentId = idOf(session.payment_intent);
  const amount = centsToMicroUsd(session.amount_total);
  const receiptUrl = receiptFromSession(session) ?? purchase.receiptUrl;
  const credited = await withLockedWallet(purchase.userId, async (tx) => {
    const current = await tx.creditPurchase.findUniqueOrThrow({ where: { id: purchase.id } });
    if (current.status === "paid") return false;
    await appendEntry(tx, {
      userId: purchase.userId,
      kind: "purchase",
      amountMicroUsd: amount,
      reason: "Credit purchase (Stripe)",
      reference: session.id,
      receiptUrl,
    });
    await tx.creditPurchase.update({
      where: { id: purchase.id },
      data: { status: "paid", paidAt: new Date(), amountMicroUsd: BigInt(amount), paymentIntentId, receiptUrl },
    });
    return true;
  });
  if (paymentIntentId) await applyRefunds(paymentIntentId);
  return credited ? "credited" : "already_credited";
}

/** Our row for the session, or one made from the session's own metadata if we never stored it. */
async function findOrRecordPurchase(session: Stripe.Checkout.Session) {
  const existing = await db.creditPurchase.findUnique({ where: { checkoutSessionId: session.id } });
  if (existing) return existing;
  const userId = session.client_reference_id ?? session.metadata?.userId ?? null;
  const user = userId ? await db.user.findUnique({ where: { id: userId }, select: { id: true } }) : null;
  if (!user) {
    console.error(`[billing] Checkout Session ${session.id} was paid for unknown user ${userId ?? "(none)"}; nothing credited`);
    return null;
  }
  try {
    return await db.creditPurchase.create({
      data: { checkoutSessionId: session.id, userId: user.id, amountMicroUsd: BigInt(centsToMicroUsd(session.amount_total ?? 0)) },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return db.creditPurchase.findUniqueOrThrow({ where: { checkoutSessionId: session.id } });
  }
}

async function chargeSucceeded(charge: Stripe.Charge): Promise<string> {
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId || !charge.receipt_url) return "no_receipt";
  const { count } = await db.creditPurchase.updateMany({ where: { paymentIntentId }, data: { receiptUrl: charge.receipt_url } });
  return count > 0 ? "receipt_saved" : "unknown_payment";
}

async function chargeRefunded(charge: Stripe.Charge): Promise<string> {
  const paymentIntentId = idOf(charge.payment_intent);
  if (!paymentIntentId) return "unknown_payment";
  if (charge.currency !== "usd") return "unsupported_currency";
  const refunded = BigInt(centsToMicroUsd(charge.amount_refunded));
  // Remember the highest total Stripe reported; an older, smaller total arriving late changes nothing.
  const saved = await db.stripeRefundTotal.findUnique({ where: { paymentIntentId } });
  if (!saved) {
    try {
      await db.stripeRefundTotal.create({
        data: { paymentIntentId, chargeId: charge.id, amountRefundedMicroUsd: refunded, receiptUrl: charge.receipt_url },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  await db.stripeRefundTotal.updateMany({
    where: { paymentIntentId, amountRefundedMicroUsd: { lt: refunded } },
    data: { amountRefundedMicroUsd: refunded, receiptUrl: charge.receipt_url },
  });
  return applyRefunds(paymentIntentId);
}

/** Takes back whatever Stripe has refunded on the payment and the ledger has not yet taken back. */
async function applyRefunds(paymentIntentId: string): Promise<string> {
  const purchase = await db.creditPurchase.findUnique({ where: { paymentIntentId } });
  if (!purchase || purchase.status !== "paid") return "refund_waits_for_payment";
  return withLockedWallet(purchase.userId, async (tx) => {
    const total = await tx.stripeRefundTotal.findUnique({ where: { paymentIntentId } });
    const current = await tx.creditPurchase.findUniqueOrThrow({ where: { id: purchase.id } });
    if (!total) return "no_refund";
    const paid = fromDbAmount(current.amountMicroUsd);
    const target = Math.min(fromDbAmount(total.amountRefundedMicroUsd), paid);
    const already = fromDbAmount(current.refundedMicroUsd);
    if (target <= already) return "already_refunded";
    await appendEntry(tx, {
      userId: purchase.userId,
      kind: "refund",
      amountMicroUsd: -(target - already),
      reason: target === paid ? "Purchase refunded (Stripe)" : "Purchase partly refunded (Stripe)",
      reference: `${paymentIntentId}:refunded:${target}`,
      receiptUrl: total.receiptUrl ?? current.receiptUrl,
    });
    await tx.creditPurchase.update({ where: { id: purchase.id }, data: { refundedMicroUsd: BigInt(target) } });
    return "refunded";
  });
}
