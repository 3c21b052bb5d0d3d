import {
  argon2idHasher,
  createDb,
  createSecretBox,
  importSigningKey,
  readSettings,
  sesMailer,
  systemClock,
  type Deps,
  type Logger,
} from "@roster/core/start";
import type { ApiKeys } from "./bound-secrets";

/**
 * The ports of the api Lambda, built once per cold start from its environment and its two keys
 * (bound SST secrets, read by bound-secrets.ts: never environment variables).
 */
export async function awsDeps(env: Record<string, string | undefined>, keys: ApiKeys, log: Logger): Promise<Deps> {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set for this function.`);
    return value;
  };
  const settings = readSettings(env);
  const region = required("AWS_REGION");
  return {
    db: createDb({ table: required("ROSTER_TABLE_NAME"), region, calls: settings.awsCalls }),
    clock: systemClock,
    mailer: sesMailer({ region, from: settings.mailFrom, configurationSet: env.ROSTER_SES_CONFIGURATION_SET, calls: settings.awsCalls }),
    passwords: argon2idHasher,
    secretBox: createSecretBox(Buffer.from(keys.totpEncryptionKey, "base64")),
    signingKey: await importSigningKey(keys.signingKeyJwk),
    settings,
    log,
  };
}
