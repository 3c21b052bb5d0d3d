import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSigningKeyJwk, importSigningKey, jwks, signAccessToken, signClientAccessToken, verifyAccessToken, type SigningKey } from "./access-token";

const ISSUER = "https://roster.example.com";
const NOW = new Date("2025-03-01T12:00:00.000Z");
const CLAIMS = { userId: "usr_0123456789abcdefghjkmnpq", sessionId: "ses_0123456789abcdefghjkmnpq" };
const iat = Math.floor(NOW.getTime() / 1000);

let key: SigningKey;
let otherKey: SigningKey;
beforeAll(async () => {
  key = await importSigningKey(await generateSigningKeyJwk());
  otherKey = await importSigningKey(await generateSigningKeyJwk());
});

const sign = (overrides: Partial<Parameters<typeof signAccessToken>[1]> = {}, signingKey = key) =>
  signAccessToken(signingKey, { ...CLAIMS, issuer: ISSUER, now: NOW, ttlSeconds: 900, ...overrides });

const decodeHeader = (token: string) => JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as Record<string, unknown>;
const decodePayload = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

describe("generateSigningKeyJwk / importSigningKey", () => {
  it("generates a private Ed25519 JWK with a kid", async () => {
    const jwk = JSON.parse(await generateSigningKeyJwk()) as Record<string, string>;
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    expect(jwk.d).toEqual(expect.any(String));
    expect(jwk.x).toEqual(expect.any(String));
    expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it("refuses a public-only or non-Ed25519 key", async () => {
    const jwk = JSON.parse(await generateSigningKeyJwk()) as Record<string, string>;
    const { d: _d, ...publicOnly } = jwk;
    await expect(importSigningKey(JSON.stringify(publicOnly))).rejects.toThrow(/private Ed25519/);
    await expect(importSigningKey(JSON.stringify({ ...jwk, crv: "X25519" }))).rejects.toThrow(/private Ed25519/);
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    await expect(importSigningKey(JSON.stringify(await exportJWK(privateKey)))).rejects.toThrow(/private Ed25519/);
  });
});

describe("signAccessToken / verifyAccessToken", () => {
  it("round-trips the user and session", async () => {
    const token = await sign();
    expect(await verifyAccessToken(key, token, ISSUER, NOW)).toEqual({ kind: "session", ...CLAIMS });
    expect(decodeHeader(token)).toEqual({ alg: "EdDSA", kid: key.kid, typ: "at+jwt" });
    expect(decodePayload(token)).toEqual({ sid: CLAIMS.sessionId, sub: CLAIMS.userId, iss: ISSUER, aud: "roster", iat, exp: iat + 900 });
  });

  it("is valid until its expiry and null from then on", async () => {
    const token = await sign({ ttlSeconds: 900 });
    expect(await verifyAccessToken(key, token, ISSUER, new Date(NOW.getTime() + 899_000))).toEqual({ kind: "session", ...CLAIMS });
    expect(await verifyAccessToken(key, token, ISSUER, new Date(NOW.getTime() + 900_000))).toBeNull();
    expect(await verifyAccessToken(key, token, ISSUER, new Date(NOW.getTime() + 3_600_000))).toBeNull();
  });

  it("is null for another issuer", async () => {
    const token = await sign({ issuer: "https://evil.example.com" });
    expect(await verifyAccessToken(key, token, ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await sign(), `${ISSUER}/`, NOW)).toBeNull();
  });

  it("is null for a token signed by another key, even under our kid", async () => {
    expect(await verifyAccessToken(key, await sign({}, otherKey), ISSUER, NOW)).toBeNull();
    const forged = await new SignJWT({ sid: CLAIMS.sessionId })
      .setProtectedHeader({ alg: "EdDSA", kid: key.kid, typ: "at+jwt" })
      .setSubject(CLAIMS.userId)
      .setIssuer(ISSUER)
      .setAudience("roster")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .sign(otherKey.privateKey);
    expect(await verifyAccessToken(key, forged, ISSUER, NOW)).toBeNull();
  });

  it("is null for an unsigned token (alg: none)", async () => {
    const unsecured = new UnsecuredJWT({ sid: CLAIMS.sessionId })
      .setSubject(CLAIMS.userId)
      .setIssuer(ISSUER)
      .setAudience("roster")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .encode();
    expect(decodeHeader(unsecured).alg).toBe("none");
    expect(await verifyAccessToken(key, unsecured, ISSUER, NOW)).toBeNull();
    // A real token with its header rewritten to alg none and the signature dropped.
    const [, payload] = (await sign()).split(".");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt", kid: key.kid })).toString("base64url");
    expect(await verifyAccessToken(key, `${header}.${payload}.`, ISSUER, NOW)).toBeNull();
  });

  it("is null for a token whose typ is not at+jwt (e.g. an ID token or client assertion)", async () => {
    const build = (typ?: string) => {
      const jwt = new SignJWT({ sid: CLAIMS.sessionId })
        .setProtectedHeader(typ ? { alg: "EdDSA", kid: key.kid, typ } : { alg: "EdDSA", kid: key.kid })
        .setSubject(CLAIMS.userId)
        .setIssuer(ISSUER)
        .setAudience("roster")
        .setIssuedAt(iat)
        .setExpirationTime(iat + 900);
      return jwt.sign(key.privateKey);
    };
    expect(await verifyAccessToken(key, await build("at+jwt"), ISSUER, NOW)).toEqual({ kind: "session", ...CLAIMS }); // the control
    expect(await verifyAccessToken(key, await build("JWT"), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build(), ISSUER, NOW)).toBeNull();
  });

  it("is null for another audience, a missing sid and garbage", async () => {
    const wrongAudience = await new SignJWT({ sid: CLAIMS.sessionId })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" })
      .setSubject(CLAIMS.userId)
      .setIssuer(ISSUER)
      .setAudience("someone-else")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .sign(key.privateKey);
    expect(await verifyAccessToken(key, wrongAudience, ISSUER, NOW)).toBeNull();
    const noSid = await new SignJWT({})
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" })
      .setSubject(CLAIMS.userId)
      .setIssuer(ISSUER)
      .setAudience("roster")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .sign(key.privateKey);
    expect(await verifyAccessToken(key, noSid, ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, "not.a.jwt", ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, "", ISSUER, NOW)).toBeNull();
    // One flipped signature character.
    const token = await sign();
    const tampered = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + token.at(-1);
    expect(await verifyAccessToken(key, tampered, ISSUER, NOW)).toBeNull();
  });
});

describe("an API client's access token", () => {
  const CLIENT = { clientId: "cli_0123456789abcdefghjkmnpq", actingUserId: null, scopes: ["users:read", "audit:read"], epoch: 2 };
  const signClient = (overrides: Record<string, unknown> = {}) => signClientAccessToken(key, { ...CLIENT, issuer: ISSUER, now: NOW, ttlSeconds: 900, ...overrides });

  it("names the client, its scopes and, for a USER client, the user it acts as", async () => {
    const delegated = await signClient();
    expect(decodePayload(delegated)).toEqual({ sub: CLIENT.clientId, client_id: CLIENT.clientId, scope: "users:read audit:read", ep: 2, iss: ISSUER, aud: "roster", iat, exp: iat + 900 });
    expect(await verifyAccessToken(key, delegated, ISSUER, NOW)).toEqual({ kind: "client", ...CLIENT });
    const user = await signClient({ actingUserId: CLAIMS.userId });
    expect(await verifyAccessToken(key, user, ISSUER, NOW)).toEqual({ kind: "client", ...CLIENT, actingUserId: CLAIMS.userId });
    expect(await verifyAccessToken(key, delegated, ISSUER, new Date(NOW.getTime() + 900_000))).toBeNull();
    expect(await verifyAccessToken(otherKey, delegated, ISSUER, NOW)).toBeNull();
  });

  it("is null when client_id is not the subject, scope or uid are not strings, or ep is not an integer", async () => {
    const build = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" }).setSubject(CLIENT.clientId).setIssuer(ISSUER).setAudience("roster").setIssuedAt(iat).setExpirationTime(iat + 60).sign(key.privateKey);
    expect(await verifyAccessToken(key, await build({ client_id: CLIENT.clientId, scope: "users:read", ep: 0 }), ISSUER, NOW)).toMatchObject({ kind: "client" }); // the control
    expect(await verifyAccessToken(key, await build({ client_id: "cli_other", scope: "users:read", ep: 0 }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build({ client_id: CLIENT.clientId, ep: 0 }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build({ client_id: CLIENT.clientId, scope: ["users:read"], ep: 0 }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build({ client_id: CLIENT.clientId, scope: "users:read", ep: 0, uid: 7 }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build({ client_id: CLIENT.clientId, scope: "users:read" }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build({ client_id: CLIENT.clientId, scope: "users:read", ep: "0" }), ISSUER, NOW)).toBeNull();
  });
});

describe("jwks", () => {
  it("publishes the public key only, with kid, alg and use", async () => {
    const set = jwks(key);
    expect(set.keys).toHaveLength(1);
    const [published] = set.keys;
    expect(published).not.toHaveProperty("d");
    expect(JSON.stringify(set)).not.toContain('"d"');
    expect(published).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: key.kid, alg: "EdDSA", use: "sig", x: expect.any(String) });
  });
});
