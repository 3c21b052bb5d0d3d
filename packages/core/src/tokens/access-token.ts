import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { createHash, randomUUID, type webcrypto } from "node:crypto";

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

type PrivateJwk = JWK & { kty: "OKP"; crv: "Ed25519"; d: string; x: string; kid?: string };
const nonEmpty = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/**
 * A private Ed25519 JWK: what the signing key secret holds. Checked by hand, not with a schema:
 * every cold start imports the key before its first answer.
 */
function asPrivateJwk(value: unknown): PrivateJwk | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const jwk: Record<string, unknown> = { ...value };
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !nonEmpty(jwk.d) || !nonEmpty(jwk.x)) return undefined;
  if (jwk.kid !== undefined && typeof jwk.kid !== "string") return undefined;
  return { ...jwk, kty: "OKP", crv: "Ed25519", d: jwk.d, x: jwk.x, ...(jwk.kid === undefined ? {} : { kid: jwk.kid }) };
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export async function importSigningKey(privateJwkJson: string): Promise<SigningKey> {
  const jwk = asPrivateJwk(parseJson(privateJwkJson));
  if (!jwk) throw new Error("The token signing key must be a private Ed25519 JWK.");
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

/**
 * What every access token says its holder may do (RFC 9068's claims plus Roster's): the global
 * role it acts with and the tenants it reaches (`{slug: tenantRole}`), as they stood when it was
 * issued. Roster itself reads both live on every request; they are for other services that verify
 * the token offline.
 */
export type Reach = { role: string; tenants: Readonly<Record<string, string>> };
/** A person's sign-in: the user and the session the token belongs to. */
export type AccessClaims = { userId: string; sessionId: string };
/**
 * An API client's token: the client, the user a USER client acts as (null: DELEGATED), the scopes
 * granted, and the client's token epoch when it was issued (disabling the client moves it on).
 */
export type ClientAccessClaims = { clientId: string; actingUserId: string | null; scopes: string[]; epoch: number };
/** When a verified token was issued and ends (seconds since the epoch) and its id: what introspection reports. */
export type TokenTimes = { issuedAt: number; expiresAt: number; jti: string };
export type VerifiedAccess = (({ kind: "session" } & AccessClaims) | ({ kind: "client" } & ClientAccessClaims)) & TokenTimes;

/** The `client_id` of a person's own sign-in: Roster's console and API, not a registered client. */
export const PERSON_CLIENT_ID = "roster";

/**
 * `notAfter`: the instant the token must be dead by, when sooner than the usual lifetime (the end
 * of the earliest membership it names), so no offline verifier sees access that has lapsed.
 */
type Issue = { issuer: string; now: Date; ttlSeconds: number; notAfter: Date | null };
export type SignedToken = { token: string; expiresIn: number };

export function signAccessToken(key: SigningKey, input: AccessClaims & Reach & Issue): Promise<SignedToken> {
  return sign(key, input.userId, { client_id: PERSON_CLIENT_ID, sid: input.sessionId, role: input.role, tenants: input.tenants }, input);
}

/** Every access token: EdDSA, `typ: at+jwt`, audience `roster`, a fresh `jti`, the subject and claims it is for. */
async function sign(key: SigningKey, subject: string, claims: Record<string, unknown>, input: Issue): Promise<SignedToken> {
  const iat = Math.floor(input.now.getTime() / 1000);
  const exp = Math.min(iat + input.ttlSeconds, input.notAfter ? Math.floor(input.notAfter.getTime() / 1000) : Infinity);
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYPE })
    .setSubject(subject)
    .setIssuer(input.issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key.privateKey);
  return { token, expiresIn: Math.max(0, exp - iat) };
}

/**
 * An API client's access token (RFC 9068 claims): `sub` and `client_id` name the client, `scope`
 * what it may do, `uid` the user a USER client acts as, `ep` the client's token epoch. It has no
 * session: the client's status and epoch, read on every request, are what cut it.
 */
export function signClientAccessToken(key: SigningKey, input: ClientAccessClaims & Reach & Issue): Promise<SignedToken> {
  const claims = {
    client_id: input.clientId,
    scope: input.scopes.join(" "),
    ep: input.epoch,
    role: input.role,
    tenants: input.tenants,
    ...(input.actingUserId ? { uid: input.actingUserId } : {}),
  };
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
      requiredClaims: ["sub", "exp", "iat", "jti", "client_id"],
    });
    if (typeof payload.sub !== "string" || typeof payload.jti !== "string") return null;
    const times = { issuedAt: payload.iat!, expiresAt: payload.exp!, jti: payload.jti };
    if (typeof payload.sid === "string") return payload.client_id === PERSON_CLIENT_ID ? { kind: "session", userId: payload.sub, sessionId: payload.sid, ...times } : null;
    const { client_id: clientId, scope, uid, ep } = payload;
    if (clientId !== payload.sub || typeof scope !== "string" || typeof ep !== "number" || !Number.isSafeInteger(ep) || (uid !== undefined && typeof uid !== "string")) return null;
    return { kind: "client", clientId, actingUserId: uid ?? null, scopes: scope.split(" ").filter(Boolean), epoch: ep, ...times };
  } catch {
    // Every verification failure (signature, expiry, claims, malformed) means the same: not signed in.
    return null;
  }
}

export const jwks = (key: SigningKey) => ({ keys: [key.publicJwk] });
