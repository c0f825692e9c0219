import { formatUsd, type Balance, type FreeCreditStatus } from "@/lib/credits";

const day = new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });

function freeCreditLine(status: FreeCreditStatus): string {
  switch (status.state) {
    case "granted":
      return `Free credit: ${formatUsd(status.amountMicroUsd)} added on ${day.format(status.grantedAt)}.`;
    case "claimed_elsewhere":
      return `Free credit: already given to this email address on ${day.format(status.grantedAt)} (one per person).`;
    case "not_granted":
      return `Free credit: ${formatUsd(status.amountMicroUsd)}, added at your next sign-in.`;
    case "disabled":
      return "Free credit is not offered at the moment.";
  }
}

/** The balance in large type, what is reserved by running requests, and the free credit's status. */
export function BalanceCard({ balance, freeCredit }: { balance: Balance; freeCredit: FreeCreditStatus }) {
  return (
    <div className="space-y-3 rounded-xl border border-line p-5">
      <p className="text-sm text-muted">Available credit</p>
      <p className="font-mono text-4xl font-semibold tracking-tight tabular-nums" data-testid="balance">
        {formatUsd(balance.availableMicroUsd)}
      </p>
      {balance.heldMicroUsd > 0 ? (
        <p className="text-sm text-muted">
          {formatUsd(balance.heldMicroUsd)} reserved by requests in progress (total {formatUsd(balance.totalMicroUsd)}).
        </p>
      ) : null}
      {balance.availableMicroUsd < 0 ? (
        <p className="text-sm text-danger">
          Your balance is below zero after a refund; add credit to make API requests again.
        </p>
      ) : null}
      <p className="text-sm" data-testid="free-credit">
        {freeCreditLine(freeCredit)}
      </p>
    </div>
  );
}
