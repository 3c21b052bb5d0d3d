import { BlockList, isIP } from "node:net";

/**
 * Where Roster may connect to fetch a client's JWKS. A client's URL is someone else's input: left
 * unchecked, it would let them make Roster call its own network (the instance metadata service at
 * 169.254.169.254, a private VPC address, a port on loopback). Deployed, only public addresses
 * are reached, over https; the local runtime also reaches loopback, where a test backend runs.
 */
export type AddressPolicy = { allowLoopback: boolean };

type Category = "unspecified" | "loopback" | "private" | "link-local" | "shared" | "multicast" | "reserved";

const DESCRIPTION: Record<Category, string> = {
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  "link-local": "a link-local address",
  shared: "a carrier-grade NAT address",
  multicast: "a multicast address",
  reserved: "a reserved address",
};

/** Checked in this order: the first list an address is on names why it is refused. */
const RANGES: [Category, `${string}/${number}`[]][] = [
  ["unspecified", ["0.0.0.0/8", "::/128"]],
  ["loopback", ["127.0.0.0/8", "::1/128"]],
  ["private", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]],
  // 169.254.169.254 is the cloud's instance metadata service.
  ["link-local", ["169.254.0.0/16", "fe80::/10"]],
  ["shared", ["100.64.0.0/10"]],
  ["multicast", ["224.0.0.0/4", "ff00::/8"]],
  [
    "reserved",
    [
      "192.0.0.0/24",
      "192.0.2.0/24",
      "198.18.0.0/15",
      "198.51.100.0/24",
      "203.0.113.0/24",
      "240.0.0.0/4",
      // IPv4-compatible (deprecated), discard-only, NAT64 for local use, documentation, site-local (deprecated).
      "::/96",
      "100::/64",
      "64:ff9b:1::/48",
      "2001:db8::/32",
      "fec0::/10",
    ],
  ],
];

const LISTS = RANGES.map(([category, cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const slash = cidr.indexOf("/");
    const network = cidr.slice(0, slash);
    list.addSubnet(network, Number(cidr.slice(slash + 1)), isIP(network) === 6 ? "ipv6" : "ipv4");
  }
  return { category, list };
});

/** The eight 16-bit groups of an IPv6 address, however it is written (`::`, a dotted IPv4 tail). */
function groupsOf(ipv6: string): number[] {
  let text = ipv6.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const front = head ? head.split(":") : [];
  const back = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - front.length - back.length }, () => "0");
  return [...front, ...zeros, ...back].map((group) => parseInt(group, 16));
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 address an IPv6 one stands for, where the connection really ends up at it: IPv4-mapped
 * (`::ffff:10.0.0.1`), NAT64 (`64:ff9b::a00:1`, what DNS64 hands out for every IPv4-only host) and
 * 6to4 (`2002:a00:1::`). Each is judged as that IPv4 address.
 */
function embeddedIPv4(ipv6: string): string | undefined {
  const g = groupsOf(ipv6);
  if (g.length !== 8 || g.some((group) => Number.isNaN(group))) return undefined;
  const zeroUpTo = (n: number) => g.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(5) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return undefined;
}

function categoryOf(ip: string): Category | null {
  // A zone (`fe80::1%eth0`) names an interface, not another address.
  const address = ip.replace(/%.*$/, "");
  const family = isIP(address);
  if (family === 0) return "reserved";
  if (family === 6) {
    const ipv4 = embeddedIPv4(address);
    if (ipv4 !== undefined) return categoryOf(ipv4);
  }
  const type = family === 6 ? "ipv6" : "ipv4";
  return LISTS.find(({ list }) => list.check(address, type))?.category ?? null;
}

/** Why Roster may not connect to this IP address under the policy, or null when it may. */
export function addressRefusal(ip: string, policy: AddressPolicy): string | null {
  const category = categoryOf(ip);
  if (category === null || (category === "loopback" && policy.allowLoopback)) return null;
  return `${ip} is ${DESCRIPTION[category]}`;
}

/** A URL's host as an address or a name: `[::1]` is the IPv6 address `::1`. */
export const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, "$1");

/** Names that are loopback by definition (RFC 6761), whatever a resolver answers for them; `localhost.` is `localhost`. */
const isLoopbackName = (host: string) => /(^|\.)localhost\.?$/.test(host);
const isLoopbackHost = (host: string) => isLoopbackName(host) || (isIP(host) !== 0 && categoryOf(host) === "loopback");

/**
 * Why a JWKS URL may not be fetched under the policy, or null when it may (as far as its text
 * tells: a name is checked again for each address it resolves to, see guarded-lookup.ts). https
 * always; http only to a loopback host, where the local runtime allows loopback at all.
 */
export function urlRefusal(url: URL, policy: AddressPolicy): string | null {
  const host = hostOf(url);
  if (url.protocol === "http:") {
    if (!policy.allowLoopback) return "Use an https:// URL.";
    if (!isLoopbackHost(host)) return "Use an https:// URL: http:// is only for a loopback host (127.0.0.1, [::1], localhost).";
  } else if (url.protocol !== "https:") {
    return "Use an https:// URL.";
  }
  if (isIP(host) !== 0) {
    const refused = addressRefusal(host, policy);
    return refused && `The host ${refused}: Roster fetches a JWKS only from a public address.`;
  }
  if (isLoopbackName(host) && !policy.allowLoopback) return `The host ${host} is a loopback name: Roster fetches a JWKS only from a public address.`;
  return null;
}
