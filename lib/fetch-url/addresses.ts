import { isIP } from "node:net";

/**
 * Which IP addresses a server-side fetch may connect to. Anything a caller names (an audio_url, a
 * webhook URL) must not reach our own network: loopback, private ranges, link-local (cloud metadata at
 * 169.254.169.254), unique-local, multicast, the unspecified address, and IPv6 forms that embed or
 * translate an IPv4 address (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4, Teredo), which
 * could smuggle a private IPv4 address past a check that only looks at IPv6 ranges.
 *
 * IPv6 is judged by allow-list: only global unicast (2000::/3) minus its special-purpose blocks.
 */

export type AddressVerdict =
  | { allowed: true }
  | { allowed: false; reason: "loopback" | "private" | "link-local" | "unique-local" | "multicast" | "unspecified" | "ipv4-mapped" | "reserved" | "not-an-ip" };

type Reason = Exclude<AddressVerdict, { allowed: true }>["reason"];

/** [first address, prefix length, reason] for the IPv4 blocks that are never fetched from. */
const IPV4_BLOCKED: ReadonlyArray<readonly [string, number, Reason]> = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "private"], // carrier-grade NAT
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"], // IETF protocol assignments
  ["192.0.2.0", 24, "reserved"], // documentation
  ["192.88.99.0", 24, "reserved"], // 6to4 relay anycast
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"], // benchmarking
  ["198.51.100.0", 24, "reserved"], // documentation
  ["203.0.113.0", 24, "reserved"], // documentation
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"], // includes 255.255.255.255
];

function ipv4ToNumber(address: string): number {
  return address.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

function inIpv4Block(value: number, base: string, bits: number): boolean {
  const size = 2 ** (32 - bits);
  const start = ipv4ToNumber(base);
  return value >= start && value < start + size;
}

export function ipv4Verdict(address: string, options: { allowLoopback?: boolean } = {}): AddressVerdict {
  const value = ipv4ToNumber(address);
  for (const [base, bits, reason] of IPV4_BLOCKED) {
    if (inIpv4Block(value, base, bits)) {
      if (reason === "loopback" && options.allowLoopback) return { allowed: true };
      return { allowed: false, reason };
    }
  }
  return { allowed: true };
}

/** "2001:db8::1" / "::ffff:10.0.0.1" -> eight 16-bit groups. The input must already be a valid IPv6 address. */
export function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split("%")[0]!; // drop a zone id ("fe80::1%eth0")
  // A trailing dotted quad (::ffff:1.2.3.4) is two groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToNumber(dotted[1]!);
    text = `${text.slice(0, dotted.index)}${((v4 >>> 16) & 0xffff).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":").filter((g) => g !== "") : [];
  const tailGroups = tail ? tail.split(":").filter((g) => g !== "") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...(tail === undefined ? [] : Array<string>(missing).fill("0")), ...tailGroups];
  return groups.map((g) => parseInt(g, 16));
}

export function ipv6Verdict(address: string, options: { allowLoopback?: boolean } = {}): AddressVerdict {
  const g = ipv6Groups(address);
  const allZeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (g.every((x) => x === 0)) return { allowed: false, reason: "unspecified" };
  if (allZeroUpTo(7) && g[7] === 1) return options.allowLoopback ? { allowed: true } : { allowed: false, reason: "loopback" };
  if (allZeroUpTo(5) && g[5] === 0xffff) return { allowed: false, reason: "ipv4-mapped" };
  const first = g[0]!;
  if ((first & 0xfe00) === 0xfc00) return { allowed: false, reason: "unique-local" };
  if ((first & 0xffc0) === 0xfe80 || (first & 0xffc0) === 0xfec0) return { allowed: false, reason: "link-local" };
  if ((first & 0xff00) === 0xff00) return { allowed: false, reason: "multicast" };
  // Everything else outside global unicast (::/8 incl. IPv4-compatible, 64:ff9b::/96 NAT64, 100::/64) is refused.
  if ((first & 0xe000) !== 0x2000) return { allowed: false, reason: "reserved" };
  // Inside 2000::/3: IETF protocol blocks incl. Teredo (2001::/23), documentation (2001:db8::/32,
  // 3fff::/20) and 6to4 (2002::/16), which embeds an IPv4 address.
  if (first === 0x2001 && g[1]! < 0x0200) return { allowed: false, reason: "reserved" };
  if (first === 0x2001 && g[1] === 0x0db8) return { allowed: false, reason: "reserved" };
  if (first === 0x2002) return { allowed: false, reason: "reserved" };
  if ((first & 0xfff0) === 0x3ff0) return { allowed: false, reason: "reserved" };
  return { allowed: true };
}

/** Whether a server-side request may connect to `address` (an IP literal, v4 or v6). */
export function addressVerdict(address: string, options: { allowLoopback?: boolean } = {}): AddressVerdict {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const family = isIP(bare.split("%")[0]!);
  if (family === 4) return ipv4Verdict(bare, options);
  if (family === 6) return ipv6Verdict(bare, options);
  return { allowed: false, reason: "not-an-ip" };
}
