import { createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint } from "jose";
import type { PublicJwk } from "../store/api-clients";
import { isDomainError } from "../error";
import { ApiClientError } from "./client";

/**
 * The assertion algorithms Roster accepts: RS256, ES256 (P-256), and for Ed25519 keys both the
 * name JOSE gave it first (EdDSA) and the fully specified one of RFC 9864 (Ed25519), which current
 * libraries (panva's openid-client, oauth4webapi) sign with.
 */
export const ASSERTION_ALGORITHMS = ["RS256", "ES256", "EdDSA", "Ed25519"] as const;
export type AssertionAlgorithm = (typeof ASSERTION_ALGORITHMS)[number];

const RSA_MIN_BITS = 2048;
/** Verifying costs grow with the modulus: past this, a key buys no security, only work per token request. */
const RSA_MAX_BITS = 8192;
/** JWK members that only a private (or symmetric) key has. */
export const SECRET_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

export type ClientPublicKey = { kid: string; jwk: PublicJwk };

/**
 * A client's public key, from a JWK object or a PEM (SPKI) string, normalized to a public JWK whose
 * `kid` is its RFC 7638 thumbprint. A private key is refused rather than stripped to its public
 * half: someone who pasted one has leaked it and must make a new pair.
 */
export async function parsePublicKey(input: string | Record<string, unknown>): Promise<ClientPublicKey> {
  const key = importKey(input);
  switch (key.asymmetricKeyType) {
    case "rsa":
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < RSA_MIN_BITS) throw ApiClientError.invalidKey(`An RSA key needs at least ${RSA_MIN_BITS} bits.`);
      if ((key.asymmetricKeyDetails?.modulusLength ?? 0) > RSA_MAX_BITS) throw ApiClientError.invalidKey(`An RSA key may have at most ${RSA_MAX_BITS} bits.`);
      break;
    case "ec":
      if (key.asymmetricKeyDetails?.namedCurve !== "prime256v1") throw ApiClientError.invalidKey("An EC key must be on the P-256 curve (ES256).");
      break;
    case "ed25519":
      break;
    default:
      throw ApiClientError.invalidKey("Use an RSA (2048–8192 bits, RS256), EC P-256 (ES256) or Ed25519 (EdDSA) key.");
  }
  const { kty, n, e, crv, x, y } = key.export({ format: "jwk" });
  // Only the public members, none undefined (DynamoDB stores no undefined).
  const jwk: PublicJwk = { kty: kty ?? "", ...(n && { n }), ...(e && { e }), ...(crv && { crv }), ...(x && { x }), ...(y && { y }) };
  const kid = await calculateJwkThumbprint(jwk, "sha256");
  return { kid, jwk: { ...jwk, kid } };
}

function importKey(input: string | Record<string, unknown>): KeyObject {
  try {
    if (typeof input === "string") {
      if (/PRIVATE KEY-----/.test(input)) throw privateKeyGiven();
      if (!/^\s*-----BEGIN PUBLIC KEY-----/.test(input)) throw ApiClientError.invalidKey("A PEM key must be a public key (-----BEGIN PUBLIC KEY-----).");
      return createPublicKey({ key: input, format: "pem" });
    }
    if (SECRET_MEMBERS.some((member) => member in input)) throw privateKeyGiven();
    if (typeof input.kty !== "string") throw ApiClientError.invalidKey("A JWK needs its kty.");
    return createPublicKey({ key: { ...input, kty: input.kty }, format: "jwk" });
  } catch (error) {
    if (isDomainError(error)) throw error;
    throw ApiClientError.invalidKey("This is not a valid public key (a JWK object or a PEM string).");
  }
}

const privateKeyGiven = () => ApiClientError.invalidKey("This is a private key: give only its public half, and make a new key pair, since this one was shared.");

/** The algorithms an assertion signed with this key may name: one per key type, two names for Ed25519's one. */
export const algorithmsOf = (jwk: PublicJwk): AssertionAlgorithm[] => (jwk.kty === "RSA" ? ["RS256"] : jwk.kty === "EC" ? ["ES256"] : ["EdDSA", "Ed25519"]);
