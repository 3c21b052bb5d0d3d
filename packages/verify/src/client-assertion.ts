import { SignJWT, type CryptoKey, type JWK, type KeyObject } from "jose";

/** The algorithms Roster verifies client assertions with, one per key type it registers. */
export type AssertionAlgorithm = "EdDSA" | "Ed25519" | "ES256" | "RS256";

/** A Roster API client, as it proves who it is: its id and the private half of its registered key. */
export type ClientCredentials = {
  /** The client's id (`cli_…`). */
  id: string;
  /** A CryptoKey (`jose.importPKCS8`), a Node KeyObject (`crypto.createPrivateKey`) or a private JWK. */
  privateKey: CryptoKey | KeyObject | JWK;
  /** Needed only when the key does not say (it says, for Ed25519, P-256 and RSA keys). */
  alg?: AssertionAlgorithm;
};

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** Short-lived and single-use: Roster refuses an assertion that lives past 5 minutes or comes twice. */
const ASSERTION_LIFETIME = "60s";

/**
 * A `private_key_jwt` client assertion (RFC 7523): iss = sub = the client, aud = Roster's issuer,
 * a random `jti`, a minute to live.
 */
export async function signClientAssertion(client: ClientCredentials, issuer: string): Promise<string> {
  const alg = client.alg ?? algorithmOf(client.privateKey);
  if (!alg) throw new TypeError("The client's private key is not Ed25519, EC P-256 or RSA: say its `alg`.");
  return new SignJWT({})
    .setProtectedHeader({ alg })
    .setIssuer(client.id)
    .setSubject(client.id)
    .setAudience(issuer)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(ASSERTION_LIFETIME)
    .sign(client.privateKey);
}

/** The algorithm a private key signs with, read off the key in whichever form it came. */
function algorithmOf(key: CryptoKey | KeyObject | JWK): AssertionAlgorithm | undefined {
  if ("algorithm" in key && typeof key.algorithm === "object") {
    const { name, namedCurve } = key.algorithm as { name: string; namedCurve?: string };
    if (name === "Ed25519") return "EdDSA";
    if (name === "ECDSA" && namedCurve === "P-256") return "ES256";
    if (name === "RSASSA-PKCS1-v1_5") return "RS256";
    return undefined;
  }
  if ("asymmetricKeyType" in key) {
    const details = "asymmetricKeyDetails" in key ? (key.asymmetricKeyDetails as { namedCurve?: string } | undefined) : undefined;
    if (key.asymmetricKeyType === "ed25519") return "EdDSA";
    if (key.asymmetricKeyType === "ec" && details?.namedCurve === "prime256v1") return "ES256";
    if (key.asymmetricKeyType === "rsa") return "RS256";
    return undefined;
  }
  const jwk = key as JWK;
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  if (jwk.kty === "RSA") return "RS256";
  return undefined;
}
