import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { addressRefusal, urlRefusal } from "./address-policy";
import { AddressRefusedError, guardedLookup } from "./guarded-lookup";

const DEPLOYED = { allowLoopback: false };
const LOCAL = { allowLoopback: true };

describe("addressRefusal", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["169.254.169.254", "link-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.255", "carrier-grade NAT"],
    ["224.0.0.251", "multicast"],
    ["ff02::1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["2001:db8::1", "reserved"],
    // IPv4-mapped, in both spellings, NAT64 and 6to4: judged as the IPv4 address they lead to.
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:7f00:1", "loopback"],
    ["0:0:0:0:0:ffff:c0a8:0101", "private"],
    ["64:ff9b::a9fe:a9fe", "link-local"],
    ["2002:0a00:0001::1", "private"],
  ])("refuses %s, deployed, as %s", (ip, kind) => {
    expect(addressRefusal(ip, DEPLOYED)).toMatch(new RegExp(`^${ip.replace(/[.%]/g, "\\$&")} is an? ${kind} address$`));
  });

  it.each(["93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1", "2606:4700::6810:84e5", "::ffff:93.184.215.14", "64:ff9b::808:808", "2002:5db8:d70e::1"])(
    "lets %s through",
    (ip) => {
      expect(addressRefusal(ip, DEPLOYED)).toBeNull();
    },
  );

  it("lets loopback through only under the local policy, and nothing else besides", () => {
    expect(addressRefusal("127.0.0.1", LOCAL)).toBeNull();
    expect(addressRefusal("::1", LOCAL)).toBeNull();
    expect(addressRefusal("::ffff:127.0.0.1", LOCAL)).toBeNull();
    expect(addressRefusal("10.0.0.1", LOCAL)).toMatch(/private/);
    expect(addressRefusal("169.254.169.254", LOCAL)).toMatch(/link-local/);
  });

  it("refuses what is not an address at all", () => {
    expect(addressRefusal("not-an-ip", LOCAL)).toMatch(/reserved/);
  });
});

describe("urlRefusal", () => {
  const refusal = (url: string, policy = DEPLOYED) => urlRefusal(new URL(url), policy);

  it("deployed: https to a public host only", () => {
    expect(refusal("https://auth.example.com/.well-known/jwks.json")).toBeNull();
    expect(refusal("https://93.184.215.14/jwks")).toBeNull();
    expect(refusal("http://auth.example.com/jwks")).toBe("Use an https:// URL.");
    expect(refusal("http://127.0.0.1:8080/jwks")).toBe("Use an https:// URL.");
    expect(refusal("ftp://auth.example.com/jwks")).toBe("Use an https:// URL.");
    expect(refusal("https://127.0.0.1/jwks")).toMatch(/^The host 127\.0\.0\.1 is a loopback address/);
    expect(refusal("https://[::1]/jwks")).toMatch(/^The host ::1 is a loopback address/);
    expect(refusal("https://169.254.169.254/latest/meta-data")).toMatch(/link-local/);
    expect(refusal("https://10.0.0.8/jwks")).toMatch(/private/);
    expect(refusal("https://[fd00::8]/jwks")).toMatch(/private/);
    expect(refusal("https://[::ffff:169.254.169.254]/jwks")).toMatch(/link-local/);
    // The URL parser turns every spelling of an IPv4 address into its dotted form first.
    expect(refusal("https://2852039166/jwks")).toMatch(/^The host 169\.254\.169\.254 is a link-local address/);
    expect(refusal("https://0xa9.0xfe.0xa9.0xfe/jwks")).toMatch(/link-local/);
    expect(refusal("https://localhost/jwks")).toMatch(/localhost is a loopback name/);
    expect(refusal("https://api.localhost/jwks")).toMatch(/loopback name/);
    expect(refusal("https://localhost./jwks")).toMatch(/loopback name/);
  });

  it("locally: http only to a loopback host; https anywhere public or loopback", () => {
    expect(refusal("http://127.0.0.1:8080/jwks", LOCAL)).toBeNull();
    expect(refusal("http://[::1]:8080/jwks", LOCAL)).toBeNull();
    expect(refusal("http://localhost:8080/jwks", LOCAL)).toBeNull();
    expect(refusal("https://localhost/jwks", LOCAL)).toBeNull();
    expect(refusal("https://auth.example.com/jwks", LOCAL)).toBeNull();
    expect(refusal("http://auth.example.com/jwks", LOCAL)).toMatch(/http:\/\/ is only for a loopback host/);
    expect(refusal("http://10.0.0.8/jwks", LOCAL)).toMatch(/http:\/\/ is only for a loopback host/);
    expect(refusal("https://10.0.0.8/jwks", LOCAL)).toMatch(/private/);
  });
});

type Answer = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number | undefined };

/** The hook as a socket calls it: one address, or every address (`all`, what happy eyeballs asks for). */
function lookUp(hook: ReturnType<typeof guardedLookup>, hostname: string, all = false): Promise<Answer> {
  return new Promise((resolve) => hook(hostname, { all }, (error, address, family) => resolve({ error, address, family })));
}

/** A resolver that answers every name with these addresses, as DNS under someone else's control may. */
const answering =
  (...addresses: string[]) =>
  (_hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );

describe("guardedLookup", () => {
  it("deployed: refuses localhost, which resolves to loopback (the real resolver, no network)", async () => {
    const answer = await lookUp(guardedLookup(DEPLOYED), "localhost");
    expect(answer.error).toBeInstanceOf(AddressRefusedError);
    expect(answer.error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) is a loopback address$/);
  });

  it("locally: hands localhost's checked address to the socket", async () => {
    const one = await lookUp(guardedLookup(LOCAL), "localhost");
    expect(one.error).toBeNull();
    expect(["127.0.0.1", "::1"]).toContain(one.address);
    expect(one.family).toBe(one.address === "::1" ? 6 : 4);
    const all = await lookUp(guardedLookup(LOCAL), "localhost", true);
    expect(all.error).toBeNull();
    expect(Array.isArray(all.address) && all.address.length).toBeGreaterThan(0);
  });

  it("refuses a name that resolves to the metadata service, a private address, or any such address among public ones", async () => {
    for (const addresses of [["169.254.169.254"], ["10.0.0.5"], ["93.184.215.14", "192.168.0.10"], ["2606:4700::1", "fe80::1"], ["::ffff:169.254.169.254"]]) {
      const answer = await lookUp(guardedLookup(DEPLOYED, answering(...addresses)), "rebind.example");
      expect(answer.error, addresses.join()).toBeInstanceOf(AddressRefusedError);
      expect(answer.error?.message).toMatch(/^rebind\.example resolves to /);
    }
  });

  it("hands a public name's addresses over exactly as checked", async () => {
    const hook = guardedLookup(DEPLOYED, answering("93.184.215.14", "2606:4700::1"));
    expect(await lookUp(hook, "auth.example.com")).toEqual({ error: null, address: "93.184.215.14", family: 4 });
    expect(await lookUp(hook, "auth.example.com", true)).toEqual({
      error: null,
      address: [
        { address: "93.184.215.14", family: 4 },
        { address: "2606:4700::1", family: 6 },
      ],
      family: undefined,
    });
  });

  it("passes the resolver's own failure on, and refuses a name with no address", async () => {
    const failing = (_hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
      callback(Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.example"), { code: "ENOTFOUND" }), []);
    expect((await lookUp(guardedLookup(DEPLOYED, failing), "nowhere.example")).error?.message).toMatch(/ENOTFOUND/);
    expect((await lookUp(guardedLookup(DEPLOYED, answering()), "empty.example")).error?.message).toMatch(/no address/);
  });
});
