import { describe, expect, it } from "vitest";
import { displayPrefix, generateApiKey, hashApiKey, keyFromAuthorization, looksLikeApiKey, redactKey } from "./format";

describe("API keys", () => {
  it("are gr_live_ plus 256 random bits, different every time", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^gr_live_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(looksLikeApiKey(a)).toBe(true);
    expect(looksLikeApiKey("sk-proj-abc")).toBe(false);
  });

  it("are stored as a sha256 and shown by a short prefix", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey()));
    expect(displayPrefix(key)).toBe(key.slice(0, 14));
    expect(key.startsWith(displayPrefix(key))).toBe(true);
  });

  it("are read from `Bearer` and `Key` authorization headers", () => {
    expect(keyFromAuthorization("Bearer gr_live_abc")).toBe("gr_live_abc");
    expect(keyFromAuthorization("bearer   gr_live_abc ")).toBe("gr_live_abc");
    expect(keyFromAuthorization("Key gr_live_abc")).toBe("gr_live_abc");
    expect(keyFromAuthorization("Basic dXNlcjpwYXNz")).toBeNull();
    expect(keyFromAuthorization("Bearer")).toBeNull();
    expect(keyFromAuthorization(null)).toBeNull();
  });

  it("never appear whole in messages", () => {
    const key = generateApiKey();
    const shown = redactKey(key);
    expect(shown).not.toContain(key.slice(8, -4));
    expect(shown.endsWith(key.slice(-4))).toBe(true);
    expect(redactKey("short")).toBe("***");
  });
});
