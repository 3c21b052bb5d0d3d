import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { createHash, type webcrypto } from "node:crypto";

type CryptoKey = webcrypto.CryptoKey;

/**
 * Roster's own signing key: Ed25519 (EdDSA). The public half is published as JWKS so other
 * services verify Roster's tokens offline; verification accepts EdDSA only, so `alg: none` and
 * algorithm-confusion tokens fail before any lookup.
 */
export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

const ALG = "EdDSA";
const AUDIENCE = "roster";
const TYPE = "at+jwt";

export async function importSigningKey(privateJwkJson: string): Promise<SigningKey> {
  const jwk = JSON.parse(privateJwkJson) as JWK;
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.d) {
    throw new Error("The token signing key must be a private Ed25519 JWK.");
  }
  const privateKey = (await importJWK(jwk, ALG)) as CryptoKey;
  const { d: _private, ...publicJwk } = jwk;
  const kid = jwk.kid ?? createHash("sha256").update(publicJwk.x ?? "").digest("base64url").slice(0, 16);
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: ALG, use: "sig" } };
}

/** A fresh private JWK (JSON), for the local runtime's first start and for tests. */
export async function generateSigningKeyJwk(): Promise<string> {
  const { privateKey } = await generateKeyPair(ALG, { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = createHash("sha256").update(jwk.x ?? "").digest("base64url").slice(0, 16);
  return JSON.stringify({ ...jwk, kid });
}

export type AccessClaims = { userId: string; sessionId: string };

export async function signAccessToken(
  key: SigningKey,
  input: AccessClaims & { issuer: string; now: Date; ttlSeconds: number },
): Promise<string> {
  const iat = Math.floor(input.now.getTime() / 1000);
  return new SignJWT({ sid: input.sessionId })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYPE })
    .setSubject(input.userId)
    .setIssuer(input.issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + input.ttlSeconds)
    .sign(key.privateKey);
}

/** Null for anything that is not a token we signed and that is still valid at `now`. */
export async function verifyAccessToken(key: SigningKey, token: string, issuer: string, now: Date): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key.publicJwk, {
      algorithms: [ALG],
      issuer,
      audience: AUDIENCE,
      typ: TYPE,
      currentDate: now,
      requiredClaims: ["sub", "sid", "exp", "iat"],
    });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string") return null;
    return { userId: payload.sub, sessionId: payload.sid };
  } catch {
    // Every verification failure (signature, expiry, claims, malformed) means the same: not signed in.
    return null;
  }
}

export const jwks = (key: SigningKey) => ({ keys: [key.publicJwk] });
