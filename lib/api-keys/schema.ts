import { z } from "zod";

/**
 * What creating a key takes, shared by the account page's form (server action), the admin script and
 * tests. Pure zod: the form can check input with the same rules. Money arrives in dollars, as people
 * type it, and leaves as integer micro-dollars.
 */

export const API_KEY_LIMITS = {
  name: 60,
  /** $100 000: a guard against typos, not a business rule. */
  spendLimitUsd: 100_000,
  expiresInDays: 3650,
  rateLimitPerMinute: 10_000,
} as const;

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);

export const newApiKeyInput = z.object({
  name: z
    .string({ error: "Give the key a name." })
    .trim()
    .min(1, { error: "Give the key a name, e.g. the app that will use it." })
    .max(API_KEY_LIMITS.name, { error: `A key name has at most ${API_KEY_LIMITS.name} characters.` }),
  /** Dollars ("5" or 5.5); absent = no limit beyond the balance. */
  spendLimitUsd: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "The spend limit must be an amount in dollars, like 5 or 12.50." })
      .positive({ error: "The spend limit must be more than $0 (leave it empty for no limit)." })
      .max(API_KEY_LIMITS.spendLimitUsd, { error: `The spend limit can be at most $${API_KEY_LIMITS.spendLimitUsd.toLocaleString("en-US")}.` })
      .optional(),
  ),
  expiresInDays: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "Expiry must be a number of days." })
      .int({ error: "Expiry must be a whole number of days." })
      .min(1, { error: "A key must live at least 1 day (leave expiry empty for never)." })
      .max(API_KEY_LIMITS.expiresInDays, { error: `Expiry can be at most ${API_KEY_LIMITS.expiresInDays} days.` })
      .optional(),
  ),
  rateLimitPerMinute: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "The rate limit must be a number of requests per minute." })
      .int({ error: "The rate limit must be a whole number of requests per minute." })
      .min(1, { error: "The rate limit must allow at least 1 request per minute." })
      .max(API_KEY_LIMITS.rateLimitPerMinute, { error: `The rate limit can be at most ${API_KEY_LIMITS.rateLimitPerMinute} per minute.` })
      .optional(),
  ),
});

export type NewApiKeyFields = z.infer<typeof newApiKeyInput>;

/** The validated input in storage units. */
export interface NewApiKeyInput {
  name: string;
  spendLimitMicroUsd?: number;
  expiresInDays?: number;
  rateLimitPerMinute?: number;
}

export function toNewApiKeyInput(fields: NewApiKeyFields): NewApiKeyInput {
  return {
    name: fields.name,
    ...(fields.spendLimitUsd === undefined ? {} : { spendLimitMicroUsd: Math.round(fields.spendLimitUsd * 1_000_000) }),
    ...(fields.expiresInDays === undefined ? {} : { expiresInDays: fields.expiresInDays }),
    ...(fields.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: fields.rateLimitPerMinute }),
  };
}
