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

const REACH = { role: "OPERATOR", tenants: { "acme-bank": "OPERATOR_FULL" } };
const sign = async (overrides: Partial<Parameters<typeof signAccessToken>[1]> = {}, signingKey = key) =>
  (await signAccessToken(signingKey, { ...CLAIMS, ...REACH, issuer: ISSUER, now: NOW, ttlSeconds: 900, notAfter: null, ...overrides })).token;
/** What verification adds to the claims: when the token was issued and ends, and its id. */
const times = (exp = iat + 900) => ({ issuedAt: iat, expiresAt: exp, jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });

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
  it("round-trips the user and session, with RFC 9068's claims and what the person reaches", async () => {
    const token = await sign();
    expect(await verifyAccessToken(key, token, ISSUER, NOW)).toEqual({ kind: "session", ...CLAIMS, ...times() });
    expect(decodeHeader(token)).toEqual({ alg: "EdDSA", kid: key.kid, typ: "at+jwt" });
    expect(decodePayload(token)).toEqual({
      sid: CLAIMS.sessionId,
      sub: CLAIMS.userId,
      client_id: "roster",
      role: "OPERATOR",
      tenants: { "acme-bank": "OPERATOR_FULL" },
      iss: ISSUER,
      aud: "roster",
      iat,
      exp: iat + 900,
      jti: expect.any(String),
    });
    expect(decodePayload(await sign()).jti).not.toBe(decodePayload(token).jti);
  });

  it("never outlives notAfter, and says so in expiresIn", async () => {
    const soon = new Date(NOW.getTime() + 120_500);
    const signed = await signAccessToken(key, { ...CLAIMS, ...REACH, issuer: ISSUER, now: NOW, ttlSeconds: 900, notAfter: soon });
    expect(signed.expiresIn).toBe(120);
    expect(decodePayload(signed.token).exp).toBe(iat + 120);
    const later = await signAccessToken(key, { ...CLAIMS, ...REACH, issuer: ISSUER, now: NOW, ttlSeconds: 900, notAfter: new Date(NOW.getTime() + 86_400_000) });
    expect(later.expiresIn).toBe(900);
  });

  it("is valid until its expiry and null from then on", async () => {
    const token = await sign({ ttlSeconds: 900 });
    expect(await verifyAccessToken(key, token, ISSUER, new Date(NOW.getTime() + 899_000))).toEqual({ kind: "session", ...CLAIMS, ...times() });
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
    const forged = await new SignJWT({ sid: CLAIMS.sessionId, client_id: "roster", jti: "j1" })
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
    const unsecured = new UnsecuredJWT({ sid: CLAIMS.sessionId, client_id: "roster", jti: "j1" })
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
      const jwt = new SignJWT({ sid: CLAIMS.sessionId, client_id: "roster", jti: "j1" })
        .setProtectedHeader(typ ? { alg: "EdDSA", kid: key.kid, typ } : { alg: "EdDSA", kid: key.kid })
        .setSubject(CLAIMS.userId)
        .setIssuer(ISSUER)
        .setAudience("roster")
        .setIssuedAt(iat)
        .setExpirationTime(iat + 900);
      return jwt.sign(key.privateKey);
    };
    expect(await verifyAccessToken(key, await build("at+jwt"), ISSUER, NOW)).toEqual({ kind: "session", ...CLAIMS, ...times(), jti: "j1" }); // the control
    expect(await verifyAccessToken(key, await build("JWT"), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await build(), ISSUER, NOW)).toBeNull();
  });

  it("is null for another audience, a missing sid, jti or client_id, a foreign client_id, and garbage", async () => {
    const person = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" }).setSubject(CLAIMS.userId).setIssuer(ISSUER).setAudience("roster").setIssuedAt(iat).setExpirationTime(iat + 900).sign(key.privateKey);
    expect(await verifyAccessToken(key, await person({ sid: CLAIMS.sessionId, client_id: "roster", jti: "j1" }), ISSUER, NOW)).toMatchObject({ kind: "session" }); // the control
    expect(await verifyAccessToken(key, await person({ sid: CLAIMS.sessionId, client_id: "roster" }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await person({ sid: CLAIMS.sessionId, jti: "j1" }), ISSUER, NOW)).toBeNull();
    expect(await verifyAccessToken(key, await person({ sid: CLAIMS.sessionId, client_id: "cli_0123456789abcdefghjkmnpq", jti: "j1" }), ISSUER, NOW)).toBeNull();
    const wrongAudience = await new SignJWT({ sid: CLAIMS.sessionId, client_id: "roster", jti: "j1" })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" })
      .setSubject(CLAIMS.userId)
      .setIssuer(ISSUER)
      .setAudience("someone-else")
      .setIssuedAt(iat)
      .setExpirationTime(iat + 900)
      .sign(key.privateKey);
    expect(await verifyAccessToken(key, wrongAudience, ISSUER, NOW)).toBeNull();
    const noSid = await new SignJWT({ client_id: "roster", jti: "j1" })
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
  const signClient = async (overrides: Record<string, unknown> = {}) =>
    (await signClientAccessToken(key, { ...CLIENT, role: "SUPER_ADMIN", tenants: {}, issuer: ISSUER, now: NOW, ttlSeconds: 900, notAfter: null, ...overrides })).token;

  it("names the client, its scopes and, for a USER client, the user it acts as", async () => {
    const delegated = await signClient();
    expect(decodePayload(delegated)).toEqual({
      sub: CLIENT.clientId,
      client_id: CLIENT.clientId,
      scope: "users:read audit:read",
      ep: 2,
      role: "SUPER_ADMIN",
      tenants: {},
      iss: ISSUER,
      aud: "roster",
      iat,
      exp: iat + 900,
      jti: expect.any(String),
    });
    expect(await verifyAccessToken(key, delegated, ISSUER, NOW)).toEqual({ kind: "client", ...CLIENT, ...times() });
    const user = await signClient({ actingUserId: CLAIMS.userId });
    expect(await verifyAccessToken(key, user, ISSUER, NOW)).toEqual({ kind: "client", ...CLIENT, actingUserId: CLAIMS.userId, ...times() });
    expect(await verifyAccessToken(key, delegated, ISSUER, new Date(NOW.getTime() + 900_000))).toBeNull();
    expect(await verifyAccessToken(otherKey, delegated, ISSUER, NOW)).toBeNull();
  });

  it("is null when client_id is not the subject, scope or uid are not strings, or ep is not an integer", async () => {
    const build = (claims: Record<string, unknown>) =>
      new SignJWT({ jti: "j1", ...claims }).setProtectedHeader({ alg: "EdDSA", typ: "at+jwt" }).setSubject(CLIENT.clientId).setIssuer(ISSUER).setAudience("roster").setIssuedAt(iat).setExpirationTime(iat + 60).sign(key.privateKey);
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
