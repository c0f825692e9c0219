import { describe, expect, it } from "vitest";
import { billedSeconds, chargeFor, costForBilledSeconds, microUsdToUsdNumber } from "./price";

describe("billing unit", () => {
  it("bills whole seconds, rounded up, at least one", () => {
    expect(billedSeconds(0)).toBe(1);
    expect(billedSeconds(0.2)).toBe(1);
    expect(billedSeconds(1)).toBe(1);
    expect(billedSeconds(1.001)).toBe(2);
    expect(billedSeconds(7.1)).toBe(8);
  });

  it("does not bill an extra second for floating-point noise in a whole duration", () => {
    expect(billedSeconds(48000 / 16000)).toBe(3);
    expect(billedSeconds(3.0000000004)).toBe(3);
    expect(billedSeconds(0.1 + 0.2 + 2.7)).toBe(3);
  });

  it("refuses durations that are not real", () => {
    expect(() => billedSeconds(Number.NaN)).toThrow(RangeError);
    expect(() => billedSeconds(-1)).toThrow(RangeError);
  });
});

describe("price", () => {
  it("is the per-minute price per second, rounded UP to the micro-dollar", () => {
    // $0.001/min: 1 s = 16.67 -> 17; 60 s = exactly 1000.
    expect(costForBilledSeconds(1, 1000)).toBe(17);
    expect(costForBilledSeconds(60, 1000)).toBe(1000);
    // $0.0034/min: 8 s = 453.33 -> 454; 30 s = exactly 1700.
    expect(costForBilledSeconds(8, 3400)).toBe(454);
    expect(costForBilledSeconds(30, 3400)).toBe(1700);
    expect(costForBilledSeconds(5, 0)).toBe(0);
  });

  it("never charges less than the listed price for the billed time", () => {
    for (const perMinute of [1, 7, 1000, 3400, 12345]) {
      for (let seconds = 1; seconds <= 120; seconds++) {
        const cost = costForBilledSeconds(seconds, perMinute);
        expect(cost * 60).toBeGreaterThanOrEqual(seconds * perMinute);
        expect((cost - 1) * 60).toBeLessThan(seconds * perMinute);
      }
    }
  });

  it("combines into a charge and prints as dollars", () => {
    expect(chargeFor(7.1, 3400)).toEqual({ audioSeconds: 7.1, billedSeconds: 8, costMicroUsd: 454 });
    expect(microUsdToUsdNumber(17)).toBe(0.000017);
    expect(JSON.stringify(microUsdToUsdNumber(454))).toBe("0.000454");
  });
});
