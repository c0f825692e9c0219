/** How account emails are stored: trimmed and lower-cased, as interest signups and votes store them. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
