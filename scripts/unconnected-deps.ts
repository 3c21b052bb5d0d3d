import { argon2idHasher, createDb, createSecretBox, generateSigningKeyJwk, importSigningKey, sesMailer, silentLogger, systemClock, type Deps, type Settings } from "@roster/core";
import { randomBytes } from "node:crypto";

/**
 * The real adapters, built and never called: for what only builds the app and reads what it
 * registers (the OpenAPI document, its routes), so nothing reaches AWS. A fresh signing key and
 * sealing key each time: nothing made with them outlives the process.
 */
export async function unconnectedDeps(settings: Settings): Promise<Deps> {
  const region = "us-east-1";
  return {
    db: createDb({ table: "roster", region }),
    clock: systemClock,
    mailer: sesMailer({ region, from: settings.mailFrom }),
    passwords: argon2idHasher,
    secretBox: createSecretBox(randomBytes(32)),
    signingKey: await importSigningKey(await generateSigningKeyJwk()),
    settings,
    log: silentLogger,
  };
}
