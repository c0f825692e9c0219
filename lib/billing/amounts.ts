import { z } from "zod";

/**
 * How much credit can be bought at once. Pure values: the account page's form uses them too.
 * Credit is bought in US dollars, 1:1 (a $10 payment gives $10.00 of credit).
 */
export const PRESET_USD = [5, 10, 25, 50] as const;
export const MIN_PURCHASE_USD = 5;
export const MAX_PURCHASE_USD = 500;

/** A typed amount: "12", "12.5" or "12.50" dollars, within the limits. Parsed to whole cents. */
export const purchaseAmount = z
  .union([z.string(), z.number()])
  .transform((value) => String(value).trim().replace(/^\$/, ""))
  .pipe(
    z
      .string()
      .regex(/^\d+(\.\d{1,2})?$/, { error: "Enter an amount in dollars, like 20 or 12.50." })
      .transform((dollars) => Math.round(Number(dollars) * 100))
      .refine((cents) => cents >= MIN_PURCHASE_USD * 100 && cents <= MAX_PURCHASE_USD * 100, {
        error: `Choose between $${MIN_PURCHASE_USD} and $${MAX_PURCHASE_USD}.`,
      }),
  );

export const checkoutInput = z.object({
  amount: purchaseAmount,
  /** One id per rendered form, so a double submit opens one Checkout Session, not two. */
  attempt: z
    .string()
    .regex(/^[\w-]{8,64}$/)
    .optional(),
});
