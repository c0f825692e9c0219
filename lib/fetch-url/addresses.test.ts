import { describe, expect, it } from "vitest";
import { addressVerdict, ipv6Groups } from "./addresses";

const refused = (address: string, options = {}) => {
  const verdict = addressVerdict(address, options);
  return verdict.allowed ? null : verdict.reason;
};

describe("addressVerdict", () => {
  it("allows public IPv4 and global unicast IPv6", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e"]) {
      expect(refused(address), address).toBeNull();
    }
  });

  it("refuses every private, loopback, link-local and reserved IPv4 range", () => {
    expect(refused("127.0.0.1")).toBe("loopback");
    expect(refused("127.255.0.9")).toBe("loopback");
    expect(refused("10.1.2.3")).toBe("private");
    expect(refused("172.16.0.1")).toBe("private");
    expect(refused("172.31.255.254")).toBe("private");
    expect(refused("192.168.1.1")).toBe("private");
    expect(refused("100.64.0.1")).toBe("private");
    expect(refused("169.254.169.254")).toBe("link-local"); // cloud metadata
    expect(refused("0.0.0.0")).toBe("unspecified");
    expect(refused("224.0.0.251")).toBe("multicast");
    expect(refused("255.255.255.255")).toBe("reserved");
    expect(refused("192.0.2.10")).toBe("reserved");
  });

  it("refuses IPv6 loopback, unique-local, link-local, multicast, unspecified and IPv4 in disguise", () => {
    expect(refused("::1")).toBe("loopback");
    expect(refused("::")).toBe("unspecified");
    expect(refused("fd00::1")).toBe("unique-local");
    expect(refused("fc12:3456::1")).toBe("unique-local");
    expect(refused("fe80::1")).toBe("link-local");
    expect(refused("fe80::1%eth0")).toBe("link-local");
    expect(refused("ff02::1")).toBe("multicast");
    expect(refused("::ffff:127.0.0.1")).toBe("ipv4-mapped");
    expect(refused("::ffff:7f00:1")).toBe("ipv4-mapped");
    expect(refused("::ffff:8.8.8.8")).toBe("ipv4-mapped");
    expect(refused("64:ff9b::a00:1")).toBe("reserved"); // NAT64 of 10.0.0.1
    expect(refused("2002:a00:1::1")).toBe("reserved"); // 6to4 of 10.0.0.1
    expect(refused("2001::1")).toBe("reserved"); // Teredo
    expect(refused("2001:db8::1")).toBe("reserved");
    expect(refused("::127.0.0.1")).toBe("reserved"); // IPv4-compatible
    expect(refused("[::1]")).toBe("loopback");
  });

  it("lets loopback through only when asked, and nothing else with it", () => {
    expect(refused("127.0.0.1", { allowLoopback: true })).toBeNull();
    expect(refused("::1", { allowLoopback: true })).toBeNull();
    expect(refused("10.0.0.1", { allowLoopback: true })).toBe("private");
    expect(refused("169.254.169.254", { allowLoopback: true })).toBe("link-local");
    expect(refused("::ffff:127.0.0.1", { allowLoopback: true })).toBe("ipv4-mapped");
  });

  it("is not fooled by host names", () => {
    expect(refused("localhost")).toBe("not-an-ip");
  });
});

describe("ipv6Groups", () => {
  it("expands :: and embedded IPv4", () => {
    expect(ipv6Groups("::1")).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups("2001:db8::ff00:42:8329")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329]);
    expect(ipv6Groups("::ffff:192.168.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x0001]);
    expect(ipv6Groups("fe80::")).toEqual([0xfe80, 0, 0, 0, 0, 0, 0, 0]);
  });
});
