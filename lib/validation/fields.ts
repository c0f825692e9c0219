import { z } from "zod";

/**
 * Field rules shared by the public forms (interest signups, model requests). Pure zod, so client
 * components can check input with the same rules the API enforces. Messages are written for the
 * person filling the form; the API's `param` names the field.
 */

export const LIMITS = {
  /** RFC 5321's practical maximum for an address. */
  email: 254,
  modelReference: 300,
  /** Free text: a use case or a reason for a request. */
  note: 1000,
} as const;

/** A required email address, trimmed and lower-cased so one person is one address. */
export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter your email address." })
  .max(LIMITS.email, { error: `An email address has at most ${LIMITS.email} characters.` })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

/** The same, but an absent or blank value means "not given". */
export const optionalEmailField = z.preprocess(
  (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
  emailField.optional(),
);

/** Optional free text, trimmed; blank counts as not given. */
export function optionalNote(what: string) {
  return z
    .string({ error: `The ${what} must be text.` })
    .trim()
    .max(LIMITS.note, { error: `Keep the ${what} under ${LIMITS.note} characters.` })
    .optional()
    .transform((value) => value || undefined);
}
