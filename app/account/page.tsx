import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { BalanceCard } from "@/components/account/BalanceCard";
import { BuyCreditForm } from "@/components/account/BuyCreditForm";
import { DeleteAccountForm } from "@/components/account/DeleteAccountForm";
import { LedgerTable } from "@/components/account/LedgerTable";
import { parseLedgerQuery, toEntryFilters } from "@/components/account/ledgerFilters";
import { NotificationsForm } from "@/components/account/NotificationsForm";
import { ActivitySlot, ApiKeysSlot } from "@/components/account/slots";
import { signOutAction } from "@/components/auth/actions";
import { Section } from "@/components/ui/Section";
import { WebhooksPanel } from "@/components/webhooks/WebhooksPanel";
import { requireUser } from "@/lib/auth";
import { MAX_PURCHASE_USD, MIN_PURCHASE_USD, PRESET_USD, billingEnabled, purchaseStatus } from "@/lib/billing";
import { findModel } from "@/lib/catalog";
import { formatUsd, freeCreditStatus, getBalance, listEntries } from "@/lib/credits";
import { linkByEmail, notificationPreferences } from "@/lib/users";

export const metadata: Metadata = { title: "Account", robots: { index: false } };

const LEDGER_PAGE = 50;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function purchaseNotice(userId: string, params: Record<string, string | string[] | undefined>) {
  const outcome = one(params.purchase);
  if (outcome === "cancelled") return { tone: "muted", text: "Payment cancelled: nothing was charged." } as const;
  const sessionId = one(params.session_id);
  if (outcome !== "success" || !sessionId) return null;
  const purchase = await purchaseStatus(userId, sessionId);
  if (purchase?.status === "paid") {
    return { tone: "live", text: `Thank you: ${formatUsd(purchase.amountMicroUsd)} was added to your credit.` } as const;
  }
  return {
    tone: "muted",
    text: "Payment received. Your credit appears as soon as Stripe confirms it, usually within seconds: reload this page.",
  } as const;
}

export default async function AccountPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser("/account");
  const params = await searchParams;
  const query = parseLedgerQuery(params);
  await linkByEmail(user);

  const [balance, freeCredit, entries, preferences, notice] = await Promise.all([
    getBalance(user.id),
    freeCreditStatus(user),
    listEntries(user.id, { ...toEntryFilters(query), limit: LEDGER_PAGE }),
    notificationPreferences(user.id),
    purchaseNotice(user.id, params),
  ]);
  const modelNames = Object.fromEntries(preferences.models.map((m) => [m.modelId, findModel(m.modelId)?.name ?? m.modelId]));
  const buyError = one(params.buy_error)?.slice(0, 300) ?? null;

  return (
    <div className="mx-auto max-w-4xl space-y-12 px-4 py-8 sm:py-10">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Account</h1>
          <p className="text-sm text-muted">
            Signed in as <span className="font-medium text-fg">{user.email}</span>
          </p>
        </div>
        <form action={signOutAction}>
          <button type="submit" className="btn btn-secondary">
            Sign out
          </button>
        </form>
      </header>

      {notice ? (
        <p role="status" className={`rounded-lg border border-line p-3 text-sm ${notice.tone === "live" ? "bg-live-soft text-live" : "bg-surface"}`}>
          {notice.text}
        </p>
      ) : null}

      <div className="grid gap-6 md:grid-cols-2">
        <BalanceCard balance={balance} freeCredit={freeCredit} />
        <section id="buy-credit" aria-labelledby="buy-heading" className="space-y-3 rounded-xl border border-line p-5">
          <h2 id="buy-heading" className="text-lg font-semibold tracking-tight">
            Add credit
          </h2>
          {billingEnabled() ? (
            <BuyCreditForm presets={PRESET_USD} min={MIN_PURCHASE_USD} max={MAX_PURCHASE_USD} attempt={randomUUID()} error={buyError} />
          ) : (
            <p className="rounded-lg bg-surface p-3 text-sm text-muted" data-testid="billing-disabled">
              Buying credit is not available on this server yet: payments are not configured. Your free credit works as usual.
            </p>
          )}
        </section>
      </div>

      <Section id="api-keys" title="API keys">
        <ApiKeysSlot userId={user.id} />
      </Section>

      <Section id="activity" title="Activity">
        <ActivitySlot userId={user.id} />
      </Section>

      <Section id="webhooks" title="Webhooks">
        <WebhooksPanel userId={user.id} />
      </Section>

      <Section id="ledger" title="Credit history">
        <LedgerTable entries={entries} query={query} pageSize={LEDGER_PAGE} />
      </Section>

      <Section id="notifications" title="Email notifications">
        <NotificationsForm preferences={preferences} modelNames={modelNames} saved={one(params.saved) === "notifications"} />
      </Section>

      <Section id="delete-account" title="Delete account">
        <div className="space-y-3 rounded-xl border border-danger/30 p-5">
          <p className="text-sm">
            Deleting your account signs you out everywhere and removes your sign-in methods, API keys and settings. Remaining
            credit is forfeited, and free credit is not given again to the same email. The record of payments and credit
            is kept.
          </p>
          <DeleteAccountForm email={user.email} />
        </div>
      </Section>
    </div>
  );
}
