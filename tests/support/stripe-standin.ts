/**
 * A stand-in for the few Stripe endpoints gigarouter uses, so the real `stripe` SDK can be pointed
 * at it (STRIPE_API_BASE) in tests, plus helpers to build and sign webhook events the way Stripe does.
 * Node-only, no Next imports: vitest suites and Playwright's global setup both start it.
 *
 *   POST /v1/checkout/sessions      create a session (form-encoded, as the SDK sends it; honours
 *                                   Idempotency-Key) -> a checkout.session object whose url is /pay/<id>
 *   GET  /v1/checkout/sessions/:id  that object
 *   GET  /pay/:id                   a stand-in for Stripe's payment page: "Pay" and "Cancel"
 *   POST /pay/:id                   marks it paid, delivers a signed checkout.session.completed to the
 *                                   app's webhook (when `webhook` is set), then 303 to success_url
 *   POST /test/refund/:id?cents=N   refunds N more cents and delivers charge.refunded
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export interface StandInSession {
  id: string;
  object: "checkout.session";
  amount_total: number;
  amount_subtotal: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Record<string, string>;
  mode: string;
  payment_intent: string | null;
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  success_url: string;
  cancel_url: string;
  url: string | null;
  created: number;
  livemode: false;
}

export interface StripeStandIn {
  /** http://127.0.0.1:<port>: the STRIPE_API_BASE value that reaches it. */
  base: string;
  sessions: Map<string, StandInSession>;
  /** Requests received, for assertions ("POST /v1/checkout/sessions", ...). */
  calls: { method: string; path: string; form: Record<string, string>; idempotencyKey: string | null }[];
  /** Marks a session paid and returns the completed event (delivered too when `webhook` is set). */
  pay(sessionId: string): Promise<Stripe.Event>;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

/** A Stripe event around `object`, shaped like the real thing. */
export function stripeEvent<T extends { id: string }>(type: string, object: T, overrides: Partial<{ id: string; created: number }> = {}) {
  return {
    id: overrides.id ?? id("evt"),
    object: "event",
    api_version: "2026-10-28.endive",
    created: overrides.created ?? now(),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  } as unknown as Stripe.Event;
}

/** A charge as Stripe reports it in charge.* events; `amountRefunded` is the running total. */
export function standInCharge(input: { paymentIntentId: string; amountCents: number; amountRefundedCents: number; chargeId?: string }) {
  return {
    id: input.chargeId ?? `ch_for_${input.paymentIntentId}`,
    object: "charge",
    amount: input.amountCents,
    amount_captured: input.amountCents,
    amount_refunded: input.amountRefundedCents,
    currency: "usd",
    paid: true,
    payment_intent: input.paymentIntentId,
    receipt_url: `https://pay.stripe.com/receipts/payment/${input.paymentIntentId}`,
    refunded: input.amountRefundedCents >= input.amountCents,
    status: "succeeded",
    created: now(),
  };
}

/** Signs `payload` like Stripe does (Stripe-Signature header), at `timestamp` (seconds; default now). */
export function signPayload(payload: string, secret: string, timestamp?: number): string {
  const stripe = new Stripe("sk_test_signing_only");
  return stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });
}

/** POSTs a signed event to a webhook URL; returns the app's answer. */
export async function deliverEvent(url: string, event: Stripe.Event, secret: string, timestamp?: number): Promise<Response> {
  const payload = JSON.stringify(event);
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signPayload(payload, secret, timestamp) },
    body: payload,
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function stripeError(response: ServerResponse, status: number, message: string, param?: string) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify({ error: { type: "invalid_request_error", message, param } }));
}

export async function startStripeStandIn(options: {
  port?: number;
  /** Where "Pay" delivers checkout.session.completed, signed with `secret`. */
  webhook?: { url: string; secret: string };
} = {}): Promise<StripeStandIn> {
  const sessions = new Map<string, StandInSession>();
  const byIdempotencyKey = new Map<string, string>();
  const refundedCents = new Map<string, number>();
  const calls: StripeStandIn["calls"] = [];
  let base = "";

  async function pay(sessionId: string): Promise<Stripe.Event> {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    if (session.status === "open") {
      Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: id("pi"), url: null });
    }
    const event = stripeEvent("checkout.session.completed", { ...session });
    if (options.webhook) {
      const answer = await deliverEvent(options.webhook.url, event, options.webhook.secret);
      if (!answer.ok) throw new Error(`The app answered ${answer.status} to checkout.session.completed: ${await answer.text()}`);
    }
    return event;
  }

  const server = createServer(async (request, response) => {
    try {
      const url = new URL(request.url ?? "/", base);
      const raw = request.method === "POST" ? await readBody(request) : "";
      const form = Object.fromEntries(new URLSearchParams(raw));
      const idempotencyKey = (request.headers["idempotency-key"] as string | undefined) ?? null;
      calls.push({ method: request.method ?? "GET", path: url.pathname, form, idempotencyKey });

      if (url.pathname.startsWith("/v1/")) {
        if (!/^Bearer sk_(test|live)_\w+/.test(request.headers.authorization ?? "")) {
          return stripeError(response, 401, "Invalid API Key provided.");
        }
      }

      if (request.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        const known = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
        if (known) return json(response, sessions.get(known));
        const unitAmount = Number(form["line_items[0][price_data][unit_amount]"]);
        const quantity = Number(form["line_items[0][quantity]"] ?? 1);
        if (form.mode !== "payment") return stripeError(response, 400, "Only mode=payment is supported here.", "mode");
        if (!Number.isInteger(unitAmount) || unitAmount < 50) return stripeError(response, 400, "Invalid unit_amount.", "line_items[0][price_data][unit_amount]");
        if (!form.success_url || !form.cancel_url) return stripeError(response, 400, "Missing success_url or cancel_url.");
        const sessionId = id("cs");
        const metadata = Object.fromEntries(
          Object.entries(form).flatMap(([k, v]) => {
            const m = /^metadata\[(.+)\]$/.exec(k);
            return m ? [[m[1], v]] : [];
          }),
        ) as Record<string, string>;
        const session: StandInSession = {
          id: sessionId,
          object: "checkout.session",
          amount_total: unitAmount * quantity,
          amount_subtotal: unitAmount * quantity,
          currency: form["line_items[0][price_data][currency]"] ?? "usd",
          client_reference_id: form.client_reference_id ?? null,
          customer_email: form.customer_email ?? null,
          metadata,
          mode: "payment",
          payment_intent: null,
          payment_status: "unpaid",
          status: "open",
          success_url: form.success_url,
          cancel_url: form.cancel_url,
          url: `${base}/pay/${sessionId}`,
          created: now(),
          livemode: false,
        };
        sessions.set(sessionId, session);
        if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, sessionId);
        return json(response, session);
      }

      const sessionMatch = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(url.pathname);
      if (request.method === "GET" && sessionMatch) {
        const session = sessions.get(sessionMatch[1]!);
        return session ? json(response, session) : stripeError(response, 404, "No such checkout.session", "id");
      }

      const payMatch = /^\/pay\/([\w]+)$/.exec(url.pathname);
      if (payMatch) {
        const session = sessions.get(payMatch[1]!);
        if (!session) return stripeError(response, 404, "No such checkout.session");
        if (request.method === "POST") {
          await pay(session.id);
          response.writeHead(303, { location: session.success_url.replace("{CHECKOUT_SESSION_ID}", session.id) });
          return response.end();
        }
        response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        return response.end(payPage(session));
      }

      const refundMatch = /^\/test\/refund\/([\w]+)$/.exec(url.pathname);
      if (request.method === "POST" && refundMatch && options.webhook) {
        const session = sessions.get(refundMatch[1]!);
        if (!session?.payment_intent) return stripeError(response, 400, "Session not paid");
        const total = Math.min((refundedCents.get(session.id) ?? 0) + Number(url.searchParams.get("cents")), session.amount_total);
        refundedCents.set(session.id, total);
        const charge = standInCharge({ paymentIntentId: session.payment_intent, amountCents: session.amount_total, amountRefundedCents: total });
        const answer = await deliverEvent(options.webhook.url, stripeEvent("charge.refunded", charge), options.webhook.secret);
        return json(response, { delivered: answer.status, amount_refunded: total });
      }

      stripeError(response, 404, `Unrecognized request URL (${request.method}: ${url.pathname}).`);
    } catch (error) {
      stripeError(response, 500, error instanceof Error ? error.message : String(error));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    sessions,
    calls,
    pay,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function json(response: ServerResponse, body: unknown) {
  response.writeHead(200, { "content-type": "application/json", "request-id": id("req") });
  response.end(JSON.stringify(body));
}

function payPage(session: StandInSession): string {
  const dollars = (session.amount_total / 100).toFixed(2);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe stand-in checkout</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem">
<p>Test payment page (stand-in for Stripe Checkout)</p>
<h1>Pay $${dollars}</h1>
<p>${session.customer_email ?? ""}</p>
<form method="post" action="/pay/${session.id}"><button type="submit">Pay $${dollars}</button></form>
<p><a href="${session.cancel_url.replaceAll('"', "&quot;")}">Cancel and go back</a></p>
</body></html>`;
}
