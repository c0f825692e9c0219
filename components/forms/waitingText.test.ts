import { describe, expect, it } from "vitest";
import { waitingText } from "./waitingText";

describe("waitingText", () => {
  it("invites the first signup when nobody is waiting", () => {
    expect(waitingText(0)).toBe("Be the first to ask for it.");
  });
  it("uses the singular for one person and groups thousands", () => {
    expect(waitingText(1)).toBe("1 person is waiting");
    expect(waitingText(2)).toBe("2 people are waiting");
    expect(waitingText(1234)).toBe("1,234 people are waiting");
  });
});
