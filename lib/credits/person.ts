/**
 * One key per person for "once per person" rules (the free credit). Addresses that deliver to the same
 * mailbox map to the same key, so the free credit cannot be collected again with a variant of one
 * address: case and surrounding spaces never matter, a "+tag" suffix is dropped (supported by most
 * providers), and for Gmail the dots, which Gmail ignores, are removed too.
 */
const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

export function personKey(email: string): string {
  const address = email.trim().toLowerCase();
  const at = address.lastIndexOf("@");
  if (at <= 0 || at === address.length - 1) return address;
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}
