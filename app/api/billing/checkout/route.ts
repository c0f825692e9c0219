import { requireApiUser } from "@/lib/auth";
import { checkoutInput, createCheckout } from "@/lib/billing";
import { env } from "@/lib/env";
import { ForbiddenError, fromZodError, toAppError, withErrors } from "@/lib/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * "Add credit": opens a Stripe Checkout Session for the signed-in user.
 * - The account page's form (urlencoded): 303 to Stripe's payment page, or back to /account with the
 *   error shown beside the form.
 * - JSON ({ "amount": "25" }): { url, sessionId }, or the error envelope.
 */
export const POST = withErrors(async (request) => {
  const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
  // Cookies ride along on cross-site form posts; only our own pages may start a purchase.
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(env.PUBLIC_URL).origin && origin !== new URL(request.url).origin) {
    throw new ForbiddenError("Purchases can only be started from this site.", { code: "cross_site" });
  }
  const user = await requireApiUser();
  const body = isForm ? Object.fromEntries(await request.formData()) : await request.json().catch(() => ({}));

  try {
    const parsed = checkoutInput.safeParse({
      amount: body.amount === "custom" || body.amount === undefined ? body.customAmount : body.amount,
      attempt: body.attempt || undefined,
    });
    if (!parsed.success) throw fromZodError(parsed.error);
    const { url, sessionId } = await createCheckout({ user, amountCents: parsed.data.amount, attempt: parsed.data.attempt });
    return isForm ? Response.redirect(url, 303) : Response.json({ url, sessionId });
  } catch (error) {
    if (!isForm) throw error;
    const message = toAppError(error).status < 500 ? toAppError(error).message : "Could not open the payment page. Try again.";
    if (toAppError(error).status >= 500) console.error("[billing] checkout failed", error);
    return Response.redirect(`${env.PUBLIC_URL}/account?buy_error=${encodeURIComponent(message)}#buy-credit`, 303);
  }
});
