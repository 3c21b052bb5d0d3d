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
} from "@roster/core";

/**
 * The ports of a Lambda, built once per cold start from its environment. The two keys arrive as
 * secrets (SST Config.Secret, bound to the function as environment variables).
 */
export async function awsDeps(env: Record<string, string | undefined>, log: Logger): Promise<Deps> {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is not set for this function.`);
    return value;
  };
  const settings = readSettings(env);
  const region = required("AWS_REGION");
  return {
    db: createDb({ table: required("ROSTER_TABLE_NAME"), region }),
    clock: systemClock,
    mailer: sesMailer({ region, from: settings.mailFrom, configurationSet: env.ROSTER_SES_CONFIGURATION_SET }),
    passwords: argon2idHasher,
    secretBox: createSecretBox(Buffer.from(required("ROSTER_TOTP_ENCRYPTION_KEY"), "base64")),
    signingKey: await importSigningKey(required("ROSTER_TOKEN_SIGNING_KEY")),
    settings,
    log,
  };
}
