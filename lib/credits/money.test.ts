import { describe, expect, it } from "vitest";
import { centsToMicroUsd, formatSignedUsd, formatUsd, fromDbAmount, microUsdToDecimal, usdToMicroUsd } from "./money";
import { personKey } from "./person";

describe("money", () => {
  it("formats whole cents with two decimals and small charges with all their digits", () => {
    expect(formatUsd(1_000_000)).toBe("$1.00");
    expect(formatUsd(12_345_670_000)).toBe("$12,345.67");
    expect(formatUsd(3_400)).toBe("$0.0034");
    expect(formatUsd(1)).toBe("$0.000001");
    expect(formatUsd(-500_000)).toBe("-$0.50");
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatSignedUsd(5_000_000)).toBe("+$5.00");
    expect(formatSignedUsd(-3_400)).toBe("-$0.0034");
  });

  it("converts dollars and cents to micro-dollars exactly", () => {
    expect(usdToMicroUsd(1)).toBe(1_000_000);
    expect(usdToMicroUsd(0.1 + 0.2)).toBe(300_000);
    expect(centsToMicroUsd(2_500)).toBe(25_000_000);
    expect(microUsdToDecimal(-3_400)).toBe("-0.003400");
    expect(microUsdToDecimal(1_500_000)).toBe("1.500000");
  });

  it("refuses stored amounts a number cannot hold exactly", () => {
    expect(fromDbAmount(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => fromDbAmount(9_007_199_254_740_993n)).toThrow(RangeError);
  });
});

describe("personKey", () => {
  it("maps variants of one mailbox to one key", () => {
    expect(personKey("  Ada.Lovelace+gigarouter@GMail.com ")).toBe("adalovelace@gmail.com");
    expect(personKey("ada.lovelace@googlemail.com")).toBe("adalovelace@gmail.com");
    expect(personKey("Ada+x@Example.org")).toBe("ada@example.org");
  });

  it("keeps addresses apart that are different mailboxes", () => {
    expect(personKey("ada.l@example.org")).not.toBe(personKey("adal@example.org"));
    expect(personKey("+ada@example.org")).toBe("+ada@example.org");
  });
});
