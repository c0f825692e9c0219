import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateSecret, sign, signedHeaders, verify } from "./signature";

describe("webhook signatures", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  it("is the documented HMAC-SHA256 over id.timestamp.body with the base64-decoded secret", () => {
    const body = '{"request_id":"abc","status":"OK"}';
    const expected = createHmac("sha256", Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "base64"))
      .update(`msg_1.1700000000.${body}`)
      .digest("base64");
    expect(sign(secret, "msg_1", 1700000000, body)).toBe(`v1,${expected}`);
  });

  it("verifies what it signs, and refuses a changed body, id, secret or a stale timestamp", () => {
    const now = new Date("2026-11-21T12:00:00Z");
    const body = '{"payload":{"output":"seven"}}';
    const headers = signedHeaders(secret, "msg_2", body, now);
    const parts = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"] };
    expect(headers["idempotency-key"]).toBe("msg_2");
    expect(verify(secret, parts, body, now)).toBe(true);
    expect(verify(secret, parts, body.replace("seven", "eight"), now)).toBe(false);
    expect(verify(secret, { ...parts, id: "msg_3" }, body, now)).toBe(false);
    expect(verify(generateSecret(), parts, body, now)).toBe(false);
    expect(verify(secret, parts, body, new Date(now.getTime() + 6 * 60_000))).toBe(false);
  });

  it("makes a fresh 32-byte secret each time", () => {
    const a = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateSecret()).not.toBe(a);
  });
});
