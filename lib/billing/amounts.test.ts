import { describe, expect, it } from "vitest";
import { checkoutInput, purchaseAmount } from "./amounts";

describe("purchase amounts", () => {
  it("reads dollars as whole cents", () => {
    expect(purchaseAmount.parse("25")).toBe(2_500);
    expect(purchaseAmount.parse(" $12.5 ")).toBe(1_250);
    expect(purchaseAmount.parse("19.99")).toBe(1_999);
    expect(purchaseAmount.parse(500)).toBe(50_000);
  });

  it("refuses amounts outside $5-$500 and anything that is not a plain amount", () => {
    for (const value of ["4.99", "500.01", "0", "-10", "1e3", "12.345", "ten", "", "5,00"]) {
      expect(purchaseAmount.safeParse(value).success, value).toBe(false);
    }
    expect(purchaseAmount.safeParse("3").error?.issues[0]?.message).toBe("Choose between $5 and $500.");
  });

  it("accepts a form attempt id and rejects odd ones", () => {
    expect(checkoutInput.parse({ amount: "10", attempt: "0b0a6c1e-4f1b-4d1c-9a55-3a2f9d0c1b2e" }).attempt).toBeDefined();
    expect(checkoutInput.safeParse({ amount: "10", attempt: "x y" }).success).toBe(false);
  });
});
