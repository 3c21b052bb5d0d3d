import { generateSigningKeyJwk } from "@roster/core";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type LocalKeys = { signingKeyJwk: string; totpEncryptionKey: Buffer };
type StoredKeys = { signingKeyJwk: string; totpEncryptionKey: string };

/**
 * The token signing key and the TOTP encryption key. Taken from the environment when set (as in
 * AWS, where they are secrets); otherwise created once under the data directory, readable by the
 * owner only, so sessions and enrolled authenticators survive a restart. Keys that came from the
 * environment are never written to disk.
 */
export async function loadLocalKeys(dataDir: string, env: Record<string, string | undefined>): Promise<LocalKeys> {
  const fromEnv = { signingKeyJwk: env.ROSTER_TOKEN_SIGNING_KEY, totpEncryptionKey: env.ROSTER_TOTP_ENCRYPTION_KEY };
  let stored: StoredKeys | undefined;
  if (!fromEnv.signingKeyJwk || !fromEnv.totpEncryptionKey) {
    const file = join(dataDir, "keys.json");
    if (existsSync(file)) {
      stored = JSON.parse(readFileSync(file, "utf8")) as StoredKeys;
    } else {
      stored = { signingKeyJwk: await generateSigningKeyJwk(), totpEncryptionKey: randomBytes(32).toString("base64") };
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
    }
  }
  return {
    signingKeyJwk: fromEnv.signingKeyJwk ?? stored!.signingKeyJwk,
    totpEncryptionKey: Buffer.from(fromEnv.totpEncryptionKey ?? stored!.totpEncryptionKey, "base64"),
  };
}
