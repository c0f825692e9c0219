import { describe, expect, it } from "vitest";
import { clientAddress, clientKey } from "./client";

const request = (headers: Record<string, string>) => new Request("http://x/", { headers });

describe("clientAddress", () => {
  it("takes the hop nearest to us from x-forwarded-for", () => {
    expect(clientAddress(request({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    // A client-supplied first entry does not win over the address our proxy appended.
    expect(clientAddress(request({ "x-forwarded-for": "1.1.1.1, 198.51.100.7" }))).toBe("198.51.100.7");
  });

  it("falls back to x-real-ip, then to one shared bucket", () => {
    expect(clientAddress(request({ "x-real-ip": "192.0.2.4" }))).toBe("192.0.2.4");
    expect(clientAddress(request({}))).toBe("unknown");
  });
});

describe("clientKey", () => {
  it("is stable per address, differs between addresses, and does not contain the address", () => {
    const a = clientKey(request({ "x-forwarded-for": "203.0.113.9" }));
    expect(a).toBe(clientKey(request({ "x-forwarded-for": "203.0.113.9" })));
    expect(a).not.toBe(clientKey(request({ "x-forwarded-for": "203.0.113.10" })));
    expect(a).not.toContain("203.0.113.9");
  });
});
