import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for secrets the service must read back (TOTP seeds). The version prefix leaves room
 * for key rotation; the associated data binds a ciphertext to its owner so a seed copied onto
 * another user's item does not decrypt.
 */
export type SecretBox = {
  seal(plaintext: string, associatedData: string): string;
  open(sealed: string, associatedData: string): string;
};

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error("The TOTP encryption key must be 32 bytes (base64 of 32 random bytes).");
  return {
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(associatedData));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed, associatedData) {
      const [version, iv, body] = sealed.split(".");
      if (version !== "v1" || !iv || !body) throw new Error("Unknown sealed-secret format.");
      const bytes = Buffer.from(body, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(associatedData));
      decipher.setAuthTag(bytes.subarray(bytes.length - 16));
      return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
    },
  };
}
