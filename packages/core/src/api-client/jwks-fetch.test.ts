import type { LookupAddress } from "node:dns";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJwksServer, type JwksServer } from "../../../../test/fixtures/jwks-server";
import { fetchJwksDocument, JWKS_MAX_BYTES, JwksError } from "./jwks-fetch";

let jwks: JwksServer;

beforeAll(async () => {
  jwks = await startJwksServer();
});
afterAll(() => jwks.close());

const LOCAL = { allowLoopback: true, timeoutMs: 2000 };
const DEPLOYED = { allowLoopback: false, timeoutMs: 2000 };

/** A resolver that answers every name with this one address. */
const resolvingTo =
  (address: string) =>
  (_hostname: string, _options: unknown, callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) =>
    callback(null, [{ address, family: address.includes(":") ? 6 : 4 }]);

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JwksError);
  return (error as JwksError).message;
}

describe("fetchJwksDocument", () => {
  it("reads a JWKS over loopback http, where the policy allows it", async () => {
    jwks.serve("/ok", (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"keys":[]}'));
    expect(await fetchJwksDocument(`${jwks.origin}/ok`, LOCAL)).toEqual({ keys: [] });
  });

  it("connects to the address its lookup checked, not to one the socket resolves again", async () => {
    // Listening on 127.0.0.2 only: whatever else resolves jwks.localhost (to 127.0.0.1, or not at
    // all), the request reaches this server only through the address the hook handed over.
    const elsewhere = createServer((_req, res) => res.writeHead(200).end('{"keys":[1]}'));
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.2", resolve));
    try {
      const url = `http://jwks.localhost:${(elsewhere.address() as AddressInfo).port}/resolved`;
      expect(await fetchJwksDocument(url, { ...LOCAL, resolve: resolvingTo("127.0.0.2") })).toEqual({ keys: [1] });
    } finally {
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  it("deployed: refuses http, loopback and names that resolve to the metadata service or a private address, connecting to none", async () => {
    jwks.serve("/never", (_req, res) => res.writeHead(200).end('{"keys":[]}'));
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/never`, DEPLOYED))).toBe("Use an https:// URL.");
    expect(await refusal(fetchJwksDocument(`https://127.0.0.1:${new URL(jwks.origin).port}/never`, DEPLOYED))).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(await refusal(fetchJwksDocument("https://localhost/never", DEPLOYED))).toMatch(/loopback name/);
    expect(await refusal(fetchJwksDocument("https://jwks.example/never", { ...DEPLOYED, resolve: resolvingTo("169.254.169.254") }))).toMatch(
      /jwks\.example resolves to 169\.254\.169\.254 is a link-local address/,
    );
    expect(await refusal(fetchJwksDocument("https://jwks.example/never", { ...DEPLOYED, resolve: resolvingTo("10.0.0.7") }))).toMatch(/10\.0\.0\.7 is a private address/);
    expect(await refusal(fetchJwksDocument("https://jwks.example/never", { ...DEPLOYED, resolve: resolvingTo("::ffff:127.0.0.1") }))).toMatch(/loopback/);
    expect(jwks.hits("/never")).toBe(0);
  });

  it("counts the body as it streams: a server that sends more than 64 KiB and never ends is cut off at once, not at the timeout", async () => {
    jwks.serve("/endless", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"keys":[],"pad":"${"x".repeat(JWKS_MAX_BYTES)}`);
    });
    const started = Date.now();
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/endless`, { ...LOCAL, timeoutMs: 10_000 }))).toBe(`the body is over ${JWKS_MAX_BYTES} bytes`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses a declared length over 64 KiB before reading, and takes exactly 64 KiB", async () => {
    const padded = (size: number) => {
      const head = '{"keys":[],"pad":"';
      return `${head}${"x".repeat(size - head.length - 2)}"}`;
    };
    jwks.serve("/declared", (_req, res) => res.writeHead(200, { "content-length": String(JWKS_MAX_BYTES + 1) }).end());
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/declared`, LOCAL))).toBe(`the body is over ${JWKS_MAX_BYTES} bytes`);
    jwks.serve("/limit", (_req, res) => res.writeHead(200).end(padded(JWKS_MAX_BYTES)));
    expect(await fetchJwksDocument(`${jwks.origin}/limit`, LOCAL)).toMatchObject({ keys: [] });
    jwks.serve("/over", (_req, res) => res.writeHead(200).end(padded(JWKS_MAX_BYTES + 1)));
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/over`, LOCAL))).toBe(`the body is over ${JWKS_MAX_BYTES} bytes`);
  });

  it("gives up on a server that stalls, at the timeout", async () => {
    jwks.serve("/stall", () => undefined);
    const started = Date.now();
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/stall`, { ...LOCAL, timeoutMs: 150 }))).toBe("no complete answer within 150 ms");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("refuses what is not a 200 with JSON, and follows no redirect", async () => {
    jwks.serve("/html", (_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>not json</html>"));
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/html`, LOCAL))).toBe("the body is not JSON");
    jwks.serve("/missing", (_req, res) => res.writeHead(500).end("{}"));
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/missing`, LOCAL))).toBe("the server answered 500");
    jwks.serve("/moved", (_req, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data" }).end());
    expect(await refusal(fetchJwksDocument(`${jwks.origin}/moved`, LOCAL))).toBe("the server answered 302");
  });

  it("says so when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await refusal(fetchJwksDocument(`http://127.0.0.1:${port}/jwks`, LOCAL))).toMatch(/^the request failed: .*ECONNREFUSED/);
  });
});
