import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** The characters of every id after its prefix: lowercase Crockford base32. */
export const ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** Lowercase Crockford base32: readable in URLs and logs, no ambiguous letters. */
function base32(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ID_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ID_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Opaque, prefixed ids (`usr_…`) that say what they name, like Stripe's. 120 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(15))}`;
}

/**
 * Like `newId`, but ids made later sort after ids made earlier (to the millisecond): 48 bits of
 * time, then 72 random bits. For items listed newest first by their id in the sort key.
 */
export function newTimeOrderedId(prefix: string, now: Date): string {
  const bytes = randomBytes(15);
  bytes.writeUIntBE(now.getTime(), 0, 6);
  return `${prefix}_${base32(bytes)}`;
}

/** A secret for a bearer credential: 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Whether a credential's parts can be what `newId` and `newSecret` made. A credential that names
 * its user and session is read by those names as keys: a part of any other shape (a megabyte, a
 * key DynamoDB refuses) is no credential, and is refused before it reaches the table.
 */
export const isIdShaped = (value: string) => /^[0-9a-z]{1,16}_[0-9a-z]{1,64}$/.test(value);
export const isSecretShaped = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);

/** Credentials are stored only as SHA-256; a leaked table does not hand out working links. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** Compares two secrets (or their hashes) without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right);
}
