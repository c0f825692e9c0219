import "server-only";
import { env } from "@/lib/env";
import { formatUsd, usdToMicroUsd } from "./money";

/** The configured free credit (FREE_CREDIT_USD) in micro-dollars; 0 when free credit is off. */
export function freeCreditMicroUsd(): number {
  return usdToMicroUsd(env.FREE_CREDIT_USD);
}

/** "$1.00": the amount as shown on the "not yet live" card, the sign-in page and the account page. */
export function freeCreditLabel(): string {
  return formatUsd(freeCreditMicroUsd());
}
