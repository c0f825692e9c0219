import "server-only";

/**
 * Buying credit with Stripe Checkout, and Stripe's webhook. Credit moves only through lib/credits'
 * ledger; this module decides when Stripe's word is enough to move it.
 */
export { billingEnabled, stripe } from "./client";
export { createCheckout, purchaseStatus, type CheckoutRequest } from "./checkout";
export { handleStripeWebhook, applyEvent, type WebhookOutcome } from "./webhook";
export { checkoutInput, purchaseAmount, PRESET_USD, MIN_PURCHASE_USD, MAX_PURCHASE_USD } from "./amounts";
