import { isDomainError } from "../error";
import { JwksError } from "./jwks-fetch";
import { algorithmsOf, parsePublicKey, SECRET_MEMBERS, type ClientPublicKey } from "./public-key";

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The keys of a client's JWKS an assertion may be signed with, each under the `kid` the set
 * publishes (its RFC 7638 thumbprint when it names none). A set may also hold keys for other uses
 * (encryption, other algorithms, other curves): those are passed over, as a verifier of any JWKS
 * does. A set that publishes a private or symmetric key is refused whole: that key has leaked, and
 * whoever serves it is not keeping the client's secrets.
 */
export async function signingKeysOf(document: unknown): Promise<ClientPublicKey[]> {
  if (!isRecord(document) || !Array.isArray(document.keys)) throw new JwksError("the body is not a JWKS (an object with a keys array)");
  const entries = document.keys.filter(isRecord);
  if (entries.some((entry) => SECRET_MEMBERS.some((member) => member in entry))) throw new JwksError("the JWKS publishes a private or symmetric key");

  const keys: ClientPublicKey[] = [];
  for (const entry of entries) {
    if (entry.use !== undefined && entry.use !== "sig") continue;
    if (entry.key_ops !== undefined && !(Array.isArray(entry.key_ops) && entry.key_ops.includes("verify"))) continue;
    let key: ClientPublicKey;
    try {
      key = await parsePublicKey(entry);
    } catch (error) {
      // A key type, size or curve Roster does not verify with: not one this client signs with.
      if (isDomainError(error, "api_client.invalid_key")) continue;
      throw error;
    }
    // A key published for one algorithm is not used with another.
    if (entry.alg !== undefined && !algorithmsOf(key.jwk).some((alg) => alg === entry.alg)) continue;
    const kid = typeof entry.kid === "string" && entry.kid !== "" ? entry.kid : key.kid;
    keys.push({ kid, jwk: { ...key.jwk, kid } });
  }
  if (keys.length === 0) throw new JwksError("the JWKS holds no usable signing key (RSA 2048–8192 bits, EC P-256 or Ed25519)");
  return keys;
}
