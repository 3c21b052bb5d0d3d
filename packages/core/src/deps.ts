import type { Clock } from "./clock";
import type { Settings } from "./config";
import type { SecretBox } from "./crypto/secret-box";
import type { Db } from "./store/client";
import type { Logger } from "./log";
import type { Mailer } from "./mail/mailer";
import type { PasswordHasher } from "./password";
import type { SigningKey } from "./tokens/access-token";

/**
 * The ports every core function receives, as one plain object. Entry points build it once from
 * their configuration; tests build it with a controlled clock and the real local services.
 */
export type Deps = {
  db: Db;
  clock: Clock;
  mailer: Mailer;
  passwords: PasswordHasher;
  /** Seals TOTP seeds and the SSO client secret at rest. */
  secretBox: SecretBox;
  signingKey: SigningKey;
  settings: Settings;
  log: Logger;
};
