import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { generateKeyPairSync, randomUUID, type webcrypto } from "node:crypto";
import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJwksServer, type JwksServer } from "../fixtures/jwks-server";
import { createHarness, PUBLIC_URL, type Harness } from "../harness";

/**
 * API clients registered by `jwksUri`: Roster takes their keys from a JWKS the client serves
 * itself, here a node:http server on loopback (which the local policy allows), counting every
 * request so the caching and the once-a-minute refetch are seen from the client's side.
 */
type CryptoKey = webcrypto.CryptoKey;
type Alg = "EdDSA" | "Ed25519" | "ES256" | "RS256";
type KeyPair = { alg: Alg; kid: string; privateKey: CryptoKey; publicJwk: JWK; privateJwk: JWK };

const AUDIENCE = `${PUBLIC_URL}/oauth/token`;
const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const MINUTE = 60_000;

async function keyPair(alg: Alg, kid = randomUUID()): Promise<KeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg === "Ed25519" ? "EdDSA" : alg, { extractable: true });
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid }, privateJwk: { ...(await exportJWK(privateKey)), kid } };
}

let jwks: JwksServer;
let h: Harness;
let deployed: Harness;
let admin: { accessToken: string; user: { id: string }; email: string };

beforeAll(async () => {
  jwks = await startJwksServer();
  // As the local runtime runs: loopback allowed. The timeout lowered so the stalling server's test is quick.
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_JWKS_TIMEOUT_MS: "300" } });
  // As a deployment runs: the defaults.
  deployed = await createHarness();
  admin = await h.owner("owner@jwks.example");
});

afterAll(() => jwks.close());

/** A path on the JWKS server that answers `body()` as JSON, whatever it is at the time of the request. */
function serveJson(body: () => unknown): string {
  const path = `/${randomUUID()}/jwks.json`;
  jwks.serve(path, (_req, res) => res.writeHead(200, { "content-type": "application/jwk-set+json" }).end(JSON.stringify(body())));
  return path;
}

function serve(listener: RequestListener): string {
  const path = `/${randomUUID()}/jwks.json`;
  jwks.serve(path, listener);
  return path;
}

const fetches = (path: string) => jwks.hits(path);

async function assertion(key: KeyPair, clientId: string, header: Record<string, unknown> = { kid: key.kid }) {
  const now = Math.floor(h.clock.now().getTime() / 1000);
  return new SignJWT({ iss: clientId, sub: clientId, aud: AUDIENCE, jti: randomUUID(), iat: now, exp: now + 60 }).setProtectedHeader({ alg: key.alg, ...header }).sign(key.privateKey);
}

const grant = (clientAssertion: string) =>
  h.call("POST", "/oauth/token", {
    raw: new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: JWT_BEARER, client_assertion: clientAssertion }).toString(),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });

const register = (body: Record<string, unknown>, harness = h, token = admin.accessToken) =>
  harness.call("POST", "/v1/api-clients", { token, body: { name: "jwks-sync", type: "DELEGATED", scopes: ["users:read"], ...body } });

async function jwksClient(path: string): Promise<string> {
  const res = await register({ jwksUri: `${jwks.origin}${path}` });
  if (res.status !== 201) throw new Error(`register ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

const expectInvalidClient = (res: Awaited<ReturnType<Harness["call"]>>) => {
  expect(res.status, JSON.stringify(res.body)).toBe(401);
  expect(res.body).toEqual({ error: "invalid_client", error_description: "Client authentication failed." });
};

describe("registering a client by jwksUri", () => {
  it("answers keyId null and the URL, fetches nothing yet, and records the URL on the trail", async () => {
    const path = serveJson(() => ({ keys: [] }));
    const jwksUri = `${jwks.origin}${path}`;
    const res = await register({ jwksUri, name: "billing-jwks" });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^cli_[0-9a-z]{24}$/),
      name: "billing-jwks",
      type: "DELEGATED",
      status: "ACTIVE",
      scopes: ["users:read"],
      keyId: null,
      jwksUri,
      previousKey: null,
      createdAt: h.clock.now().toISOString(),
      createdBy: { id: admin.user.id, email: admin.email },
    });
    expect(res.calls).toBeLessThanOrEqual(2);
    expect(fetches(path)).toBe(0);
    expect((await h.call("GET", `/v1/api-clients/${res.body.id}`, { token: admin.accessToken })).body).toEqual(res.body);
    const event = (await h.auditEvents()).find((item) => item.type === "API_CLIENT_CREATED" && item.target.id === res.body.id);
    expect(event.changes).toEqual({ keyId: { before: null, after: null }, jwksUri: { before: null, after: jwksUri } });
  });

  it("takes exactly one of publicKey and jwksUri", async () => {
    const key = await keyPair("EdDSA");
    const both = await register({ publicKey: key.publicJwk, jwksUri: `${jwks.origin}/both` });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe("request.invalid");
    expect(both.body.errors).toEqual([{ path: "jwksUri", message: "Give either publicKey or jwksUri, not both: a client's keys are registered here or published in its JWKS." }]);
    const neither = await register({});
    expect(neither.status).toBe(400);
    expect(neither.body.code).toBe("request.invalid");
    expect(neither.body.errors).toEqual([{ path: "publicKey", message: "Give the client's publicKey, or the jwksUri where it publishes its keys." }]);
  });

  it.each([
    ["not a URL", "jwks.json", /absolute URL/],
    ["a relative URL", "/.well-known/jwks.json", /absolute URL/],
    ["another scheme", "ftp://auth.example.com/jwks.json", /https:\/\//],
    ["credentials", "https://user:secret@auth.example.com/jwks.json", /must not hold credentials/],
    ["a fragment", "https://auth.example.com/jwks.json#keys", /no fragment/],
    ["over 2048 characters", `https://auth.example.com/${"a".repeat(2030)}`, /at most 2048 characters/],
    ["not a string", 42, /string/],
    // Locally http goes to loopback only, and no URL names a private or link-local address.
    ["http to a host not on loopback", "http://auth.example.com/jwks.json", /http:\/\/ is only for a loopback host/],
    ["the metadata service", "https://169.254.169.254/latest/meta-data/", /169\.254\.169\.254 is a link-local address/],
    ["a private address", "https://10.1.2.3/jwks.json", /10\.1\.2\.3 is a private address/],
    ["a CGNAT address", "https://100.64.0.9/jwks.json", /carrier-grade NAT/],
    ["an IPv4-mapped private address", "https://[::ffff:192.168.0.1]/jwks.json", /private address/],
  ])("refuses %s with 400 request.invalid naming jwksUri", async (_name, jwksUri, message) => {
    const res = await register({ jwksUri });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.code).toBe("request.invalid");
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].path).toBe("jwksUri");
    expect(res.body.errors[0].message).toMatch(message);
  });

  it("deployed: https to a public host only, no loopback by address or by name", async () => {
    const owner = await deployed.owner("owner@deployed-jwks.example");
    for (const [jwksUri, message] of [
      [`${jwks.origin}/jwks.json`, /^Use an https:\/\/ URL\.$/],
      ["http://auth.example.com/jwks.json", /^Use an https:\/\/ URL\.$/],
      ["https://127.0.0.1/jwks.json", /127\.0\.0\.1 is a loopback address/],
      ["https://[::1]/jwks.json", /::1 is a loopback address/],
      ["https://localhost/jwks.json", /localhost is a loopback name/],
      ["https://[fe80::1]/jwks.json", /link-local/],
    ] as const) {
      const res = await register({ jwksUri }, deployed, owner.accessToken);
      expect(res.status, jwksUri).toBe(400);
      expect(res.body.code).toBe("request.invalid");
      expect(res.body.errors).toEqual([{ path: "jwksUri", message: expect.stringMatching(message) }]);
    }
    expect((await register({ jwksUri: "https://auth.example.com/.well-known/jwks.json" }, deployed, owner.accessToken)).status).toBe(201);
  });

  it("refuses key rotation for it: its keys are rotated by publishing them in its JWKS", async () => {
    const id = await jwksClient(serveJson(() => ({ keys: [] })));
    const key = await keyPair("EdDSA");
    const res = await h.call("POST", `/v1/api-clients/${id}/keys`, { token: admin.accessToken, body: { publicKey: key.publicJwk } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("api_client.jwks_managed");
    expect(res.body.detail).toMatch(/publishing the new key/);
    expect((await h.auditEvents()).filter((item) => item.type === "API_CLIENT_KEY_ROTATED" && item.target.id === id)).toEqual([]);
  });
});

describe("POST /oauth/token for a jwksUri client", () => {
  it.each([["ES256"], ["Ed25519"], ["EdDSA"]] as const)("trades a %s assertion signed with a key of its JWKS, in two round trips", async (alg) => {
    const key = await keyPair(alg);
    const path = serveJson(() => ({ keys: [key.publicJwk] }));
    const id = await jwksClient(path);
    const res = await grant(await assertion(key, id));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ token_type: "Bearer", scope: "users:read" });
    expect(res.calls).toBe(2);
    expect((await h.call("GET", "/v1/users", { token: res.body.access_token })).status).toBe(200);
    // Cached: the next assertion costs the JWKS server nothing.
    expect((await grant(await assertion(key, id))).status).toBe(200);
    expect(fetches(path)).toBe(1);
  });

  it("takes an assertion without kid, checked against each key of the set", async () => {
    const [other, key] = await Promise.all([keyPair("ES256"), keyPair("EdDSA")]);
    const id = await jwksClient(serveJson(() => ({ keys: [other.publicJwk, key.publicJwk] })));
    expect((await grant(await assertion(key, id, {}))).status).toBe(200);
  });

  it("picks up a key rotated into the JWKS on its unknown kid, at most once a minute", async () => {
    const [first, second, third] = await Promise.all([keyPair("ES256"), keyPair("EdDSA"), keyPair("ES256")]);
    let published = [first.publicJwk];
    const path = serveJson(() => ({ keys: published }));
    const id = await jwksClient(path);
    expect((await grant(await assertion(first, id))).status).toBe(200);
    expect(fetches(path)).toBe(1);

    // Rotated within the minute of that fetch: the new kid waits until a minute has passed.
    published = [first.publicJwk, second.publicJwk];
    expectInvalidClient(await grant(await assertion(second, id)));
    expect(fetches(path)).toBe(1);
    h.clock.advance(MINUTE);
    expect((await grant(await assertion(second, id))).status).toBe(200);
    expect(fetches(path)).toBe(2);

    // A second unknown kid inside the minute does not refetch, however many assertions name it.
    published = [second.publicJwk, third.publicJwk];
    h.clock.advance(30_000);
    for (let i = 0; i < 3; i += 1) expectInvalidClient(await grant(await assertion(third, id)));
    expect(fetches(path)).toBe(2);
    // Nor do made-up kids.
    expectInvalidClient(await grant(await assertion(third, id, { kid: "made-up" })));
    expect(fetches(path)).toBe(2);
    // The cached keys still work meanwhile.
    expect((await grant(await assertion(second, id))).status).toBe(200);
    h.clock.advance(30_000);
    expect((await grant(await assertion(third, id))).status).toBe(200);
    expect(fetches(path)).toBe(3);
    // The key taken out of the set stops working with the fetch that saw it gone.
    expectInvalidClient(await grant(await assertion(first, id)));
  });

  it("fetches again once its keys are past their age, and stops using a key the set no longer holds", async () => {
    const [kept, dropped] = await Promise.all([keyPair("EdDSA"), keyPair("ES256")]);
    let published = [kept.publicJwk, dropped.publicJwk];
    const path = serveJson(() => ({ keys: published }));
    const id = await jwksClient(path);
    expect((await grant(await assertion(dropped, id))).status).toBe(200);
    published = [kept.publicJwk];
    h.clock.advance(4 * MINUTE);
    expect((await grant(await assertion(dropped, id))).status).toBe(200);
    expect(fetches(path)).toBe(1);
    h.clock.advance(MINUTE);
    expectInvalidClient(await grant(await assertion(dropped, id)));
    expect(fetches(path)).toBe(2);
    expect((await grant(await assertion(kept, id))).status).toBe(200);
  });

  it("a failed fetch is invalid_client, and is not retried inside the minute", async () => {
    const key = await keyPair("ES256");
    let healthy = false;
    const path = serve((_req, res) => (healthy ? res.writeHead(200).end(JSON.stringify({ keys: [key.publicJwk] })) : res.writeHead(503).end()));
    const id = await jwksClient(path);
    expectInvalidClient(await grant(await assertion(key, id)));
    healthy = true;
    expectInvalidClient(await grant(await assertion(key, id)));
    expect(fetches(path)).toBe(1);
    h.clock.advance(MINUTE);
    expect((await grant(await assertion(key, id))).status).toBe(200);
    expect(fetches(path)).toBe(2);
  });

  it("an unknown or disabled client makes Roster fetch nothing", async () => {
    const key = await keyPair("ES256");
    const path = serveJson(() => ({ keys: [key.publicJwk] }));
    const id = await jwksClient(path);
    expect((await h.call("POST", `/v1/api-clients/${id}/disable`, { token: admin.accessToken })).status).toBe(200);
    expectInvalidClient(await grant(await assertion(key, id)));
    expect(fetches(path)).toBe(0);
  });
});

describe("a JWKS Roster cannot use is invalid_client, never a 500", () => {
  const rsa1024 = () => ({ ...generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "jwk" }), kid: "weak" });

  it("a body over 64 KiB, streamed and never ended, or declared", async () => {
    const key = await keyPair("ES256");
    const endless = serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`{"keys":[${JSON.stringify(key.publicJwk)}],"pad":"${"x".repeat(64 * 1024)}`);
    });
    const started = Date.now();
    expectInvalidClient(await grant(await assertion(key, await jwksClient(endless))));
    // Cut off by the count, well before the (lowered) timeout would have.
    expect(Date.now() - started).toBeLessThan(2_000);
    const padded = serveJson(() => ({ keys: [key.publicJwk], pad: "x".repeat(64 * 1024) }));
    expectInvalidClient(await grant(await assertion(key, await jwksClient(padded))));
    expect(fetches(padded)).toBe(1);
  });

  it("a server that stalls past the timeout", async () => {
    const key = await keyPair("ES256");
    const stalling = serve(() => undefined);
    const id = await jwksClient(stalling);
    const started = Date.now();
    expectInvalidClient(await grant(await assertion(key, id)));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_000);
  });

  it.each([
    ["a body that is not JSON", () => "<html>maintenance</html>"],
    ["JSON that is not a JWKS", () => JSON.stringify({ key: "value" })],
    ["a JWKS that publishes the private key", (key: KeyPair) => JSON.stringify({ keys: [key.privateJwk] })],
    ["a JWKS with a private key beside the public one", (key: KeyPair, other: KeyPair) => JSON.stringify({ keys: [key.publicJwk, other.privateJwk] })],
    ["a JWKS with a symmetric key", (key: KeyPair) => JSON.stringify({ keys: [key.publicJwk, { kty: "oct", k: "c2VjcmV0", kid: "hmac" }] })],
    ["a JWKS of unsupported keys only", (_key: KeyPair, other: KeyPair, p384: JWK) => JSON.stringify({ keys: [rsa1024(), p384, { kty: "EC", crv: "P-256", x: "!!", y: "!!" }, "junk"] })],
    ["the key marked for encryption", (key: KeyPair) => JSON.stringify({ keys: [{ ...key.publicJwk, use: "enc" }] })],
    ["the key marked for another algorithm", (key: KeyPair) => JSON.stringify({ keys: [{ ...key.publicJwk, alg: "ES384" }] })],
    ["an empty set", () => JSON.stringify({ keys: [] })],
  ])("%s", async (_name, body) => {
    const [key, other] = await Promise.all([keyPair("ES256"), keyPair("EdDSA")]);
    const p384 = { ...(await exportJWK((await generateKeyPair("ES384", { extractable: true })).publicKey)), kid: key.kid };
    const text = (body as (key: KeyPair, other: KeyPair, p384: JWK) => string)(key, other, p384);
    const path = serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(text));
    expectInvalidClient(await grant(await assertion(key, await jwksClient(path))));
    expect(fetches(path)).toBe(1);
  });

  it("passes over keys it does not verify with, and uses the one it does", async () => {
    const key = await keyPair("ES256");
    const p384 = await exportJWK((await generateKeyPair("ES384", { extractable: true })).publicKey);
    const path = serveJson(() => ({ keys: [rsa1024(), { ...p384, kid: "p384" }, { ...key.publicJwk, use: "sig", alg: "ES256" }] }));
    expect((await grant(await assertion(key, await jwksClient(path)))).status).toBe(200);
  });

  it("a server that is gone", async () => {
    const key = await keyPair("ES256");
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const res = await register({ jwksUri: `http://127.0.0.1:${port}/jwks.json` });
    expectInvalidClient(await grant(await assertion(key, res.body.id)));
  });
});
