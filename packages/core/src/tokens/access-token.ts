import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { createHash, type webcrypto } from "node:crypto";
import { z } from "zod";

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

/** A private Ed25519 JWK: what the signing key secret holds. */
const PrivateJwkSchema = z.looseObject({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), d: z.string().min(1), x: z.string().min(1), kid: z.string().optional() });

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function importSigningKey(privateJwkJson: string): Promise<SigningKey> {
  const parsed = PrivateJwkSchema.safeParse(parseJson(privateJwkJson));
  if (!parsed.success) throw new Error("The token signing key must be a private Ed25519 JWK.");
  const jwk = parsed.data;
  const privateKey = await importJWK(jwk, ALG);
  // An OKP key imports as a CryptoKey; only an "oct" JWK would come back as raw bytes.
  if (privateKey instanceof Uint8Array) throw new Error("The token signing key must be a private Ed25519 JWK.");
  const { d: _private, ...publicJwk } = jwk;
  const kid = jwk.kid ?? createHash("sha256").update(publicJwk.x).digest("base64url").slice(0, 16);
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
/**
 * An API client's token: the client, the user a USER client acts as (null: DELEGATED), the scopes
 * granted, and the client's token epoch when it was issued (disabling the client moves it on).
 */
export type ClientAccessClaims = { clientId: string; actingUserId: string | null; scopes: string[]; epoch: number };
export type VerifiedAccess = ({ kind: "session" } & AccessClaims) | ({ kind: "client" } & ClientAccessClaims);

type Issue = { issuer: string; now: Date; ttlSeconds: number };

export async function signAccessToken(key: SigningKey, input: AccessClaims & Issue): Promise<string> {
  return sign(key, input.userId, { sid: input.sessionId }, input);
}

/** Every access token: EdDSA, `typ: at+jwt`, audience `roster`, the subject and claims it is for. */
function sign(key: SigningKey, subject: string, claims: Record<string, string | number>, input: Issue): Promise<string> {
  const iat = Math.floor(input.now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYPE })
    .setSubject(subject)
    .setIssuer(input.issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + input.ttlSeconds)
    .sign(key.privateKey);
}

/**
 * An API client's access token (RFC 9068 claims): `sub` and `client_id` name the client, `scope`
 * what it may do, `uid` the user a USER client acts as, `ep` the client's token epoch. It has no
 * session: the client's status and epoch, read on every request, are what cut it.
 */
export async function signClientAccessToken(key: SigningKey, input: ClientAccessClaims & Issue): Promise<string> {
  const claims = { client_id: input.clientId, scope: input.scopes.join(" "), ep: input.epoch, ...(input.actingUserId ? { uid: input.actingUserId } : {}) };
  return sign(key, input.clientId, claims, input);
}

/** Null for anything that is not a token we signed and that is still valid at `now`. */
export async function verifyAccessToken(key: SigningKey, token: string, issuer: string, now: Date): Promise<VerifiedAccess | null> {
  try {
    const { payload } = await jwtVerify(token, key.publicJwk, {
      algorithms: [ALG],
      issuer,
      audience: AUDIENCE,
      typ: TYPE,
      currentDate: now,
      requiredClaims: ["sub", "exp", "iat"],
    });
    if (typeof payload.sub !== "string") return null;
    if (typeof payload.sid === "string") return { kind: "session", userId: payload.sub, sessionId: payload.sid };
    const { client_id: clientId, scope, uid, ep } = payload;
    if (clientId !== payload.sub || typeof scope !== "string" || typeof ep !== "number" || !Number.isSafeInteger(ep) || (uid !== undefined && typeof uid !== "string")) return null;
    return { kind: "client", clientId, actingUserId: uid ?? null, scopes: scope.split(" ").filter(Boolean), epoch: ep };
  } catch {
    // Every verification failure (signature, expiry, claims, malformed) means the same: not signed in.
    return null;
  }
}

export const jwks = (key: SigningKey) => ({ keys: [key.publicJwk] });
