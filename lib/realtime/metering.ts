import "server-only";
import { releaseKeySpend, reserveKeySpend, settleKeySpend, keySpendRemaining } from "@/lib/api-keys";
import { formatUsd, InsufficientCreditError, placeHold, releaseHold, settleHold } from "@/lib/credits";
import { PaymentRequiredError } from "@/lib/errors";
import { billedSeconds, costForBilledSeconds, type Charge } from "@/lib/metering";

/**
 * Paying for a stream whose length nobody knows in advance: per second of audio streamed, reserved in
 * blocks.
 *
 * The session holds the price of the first `holdSeconds` of audio before it starts (hold 1), and the
 * next block (hold 2, 3, …) while the current one is still being used. Each hold i pays for seconds
 * [i·H, (i+1)·H) and is worth exactly cost((i+1)·H) − cost(i·H), so the holds add up to the price of
 * everything covered. Audio past the covered seconds is never taken: when the next hold cannot be placed
 * the session ends at the covered second, with a 402-style error event — never a negative balance.
 *
 * At the end the real seconds S (rounded up, at least one, as the HTTP API bills) are charged across the
 * holds by the same formula — hold i is settled with cost(min(S,(i+1)·H)) − cost(min(S,i·H)), which never
 * exceeds it — so the total is exactly cost(S), and every hold is closed exactly once (a later settle or
 * release changes nothing). A session that failed on our side releases every hold instead.
 *
 * The key's spend limit (if the session was opened with a key) carries the same blocks.
 */

export interface StreamPayer {
  userId: string;
  /** The key the session was opened with (directly or through a token it minted); null for the site's own. */
  apiKeyId: string | null;
  /** Shown in activity: the key's name, or "Playground". */
  apiKeyName: string | null;
}

export interface MeterContext {
  sessionId: string;
  payer: StreamPayer;
  /** Short name shown on the ledger. */
  modelName: string;
  perMinuteMicroUsd: number;
  holdSeconds: number;
}

interface Hold {
  holdId: string;
  amount: number;
}

export class StreamMeter {
  private readonly holds: Hold[] = [];
  private closed = false;
  private extending: Promise<void> | null = null;

  private constructor(private readonly context: MeterContext) {}

  /** Places the first hold; a PaymentRequiredError (402) when the balance or the key's limit cannot pay it. */
  static async open(context: MeterContext): Promise<StreamMeter> {
    const meter = new StreamMeter(context);
    await meter.placeNext();
    return meter;
  }

  /** Seconds of audio the holds pay for (Infinity for a free model). */
  get coveredSeconds(): number {
    return this.context.perMinuteMicroUsd === 0 ? Number.POSITIVE_INFINITY : this.holds.length * this.context.holdSeconds;
  }

  /** The first hold's ledger id (the request log points at it), or null for a free model. */
  get firstHoldId(): string | null {
    return this.holds[0]?.holdId ?? null;
  }

  /** Places the next block's hold (once at a time); rejects with a PaymentRequiredError when it cannot. */
  extend(): Promise<void> {
    this.extending ??= this.placeNext().finally(() => {
      this.extending = null;
    });
    return this.extending;
  }

  /** Charges `audioSeconds` across the holds (see above). Idempotent: a second call charges nothing more. */
  async settle(audioSeconds: number): Promise<Charge> {
    await this.extending?.catch(() => undefined);
    const seconds = billedSeconds(audioSeconds);
    const { perMinuteMicroUsd, holdSeconds } = this.context;
    if (this.closed) return { audioSeconds, billedSeconds: seconds, costMicroUsd: 0 };
    this.closed = true;
    let charged = 0;
    for (const [i, hold] of this.holds.entries()) {
      const from = Math.min(seconds, i * holdSeconds);
      const to = Math.min(seconds, (i + 1) * holdSeconds);
      const share = Math.min(hold.amount, costForBilledSeconds(to, perMinuteMicroUsd) - costForBilledSeconds(from, perMinuteMicroUsd));
      const result = await settleHold(hold.holdId, share, { reason: this.reason(audioSeconds) });
      if (this.context.payer.apiKeyId !== null) await settleKeySpend(this.context.payer.apiKeyId, hold.amount, result.chargedMicroUsd);
      charged += result.chargedMicroUsd;
    }
    return { audioSeconds, billedSeconds: seconds, costMicroUsd: charged };
  }

  /** Gives every hold back (the session failed on our side). Idempotent. */
  async release(reason: string): Promise<void> {
    await this.extending?.catch(() => undefined);
    if (this.closed) return;
    this.closed = true;
    for (const hold of this.holds) {
      const result = await releaseHold(hold.holdId, reason);
      if (result.released && this.context.payer.apiKeyId !== null) await releaseKeySpend(this.context.payer.apiKeyId, hold.amount);
    }
  }

  private async placeNext(): Promise<void> {
    if (this.closed) throw new Error("the meter is closed");
    const { perMinuteMicroUsd, holdSeconds, payer, sessionId } = this.context;
    if (perMinuteMicroUsd === 0) return;
    const i = this.holds.length;
    const amount = costForBilledSeconds((i + 1) * holdSeconds, perMinuteMicroUsd) - costForBilledSeconds(i * holdSeconds, perMinuteMicroUsd);
    const keyId = payer.apiKeyId;
    if (keyId !== null && !(await reserveKeySpend(keyId, amount))) {
      const remaining = await keySpendRemaining(keyId);
      throw new PaymentRequiredError(
        `Streaming the next ${holdSeconds} s costs ${formatUsd(amount)} and this API key's spend limit` +
          (remaining ? ` (${formatUsd(remaining.limitMicroUsd)}) has ${formatUsd(remaining.remainingMicroUsd)} left` : " is reached") +
          ". Raise the limit or use another key on your account page.",
        { code: "key_spend_limit_reached" },
      );
    }
    try {
      const reference = i === 0 ? sessionId : `${sessionId}:${i + 1}`;
      const { holdId } = await placeHold({ userId: payer.userId, amountMicroUsd: amount, reference, reason: `Realtime · ${this.context.modelName} · held for ${holdSeconds} s` });
      this.holds.push({ holdId, amount });
    } catch (error) {
      if (keyId !== null) await releaseKeySpend(keyId, amount);
      if (error instanceof InsufficientCreditError) {
        throw new PaymentRequiredError(
          `Streaming the next ${holdSeconds} s with ${this.context.modelName} needs ${formatUsd(amount)} of credit and your available balance is ${formatUsd(Math.max(0, error.availableMicroUsd))}. Add credit on your account page.`,
          { code: "insufficient_credit", cause: error },
        );
      }
      throw error;
    }
  }

  private reason(audioSeconds: number): string {
    return `Realtime · ${this.context.modelName} · ${billedSeconds(audioSeconds)} s`;
  }
}
