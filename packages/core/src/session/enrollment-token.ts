import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { newSecret, sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import { Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { DomainError } from "../error";
import type { UserItem } from "../user/user";

/**
 * The stored side of an enrollment token: what a right password earns a user whose authenticator
 * was reset. It is good for one thing (enrolling a new authenticator, then signing in) for ten
 * minutes, and only its hash is stored.
 */
export type EnrollmentItem = {
  pk: string;
  sk: string;
  entity: "MfaEnrollment";
  userId: string;
  /** The email at issuance: the label the authenticator app shows. */
  email: string;
  /** When the password was proven. A session cut after it (another reset, a deactivation) kills the token too. */
  issuedAt: string;
  /** The user's session epoch when the password was proven: a cut-off since then ends the enrollment too. */
  sessionEpoch: number;
  expiresAt: string;
  /** Set when redeemed; a second redemption fails its condition. */
  usedAt?: string;
  /** The TOTP seed shown to the user, sealed and bound to the user id, until the enrollment is confirmed. */
  pendingTotpSecret?: string;
  ttl: number;
};

export const ENROLLMENT_TTL_SECONDS = 10 * 60;

/**
 * One answer for unknown, expired and used tokens, like `auth.invalid_refresh`: the holder can do
 * nothing about any of them but sign in again, and the distinction would only help someone probing.
 */
export const EnrollmentError = {
  invalid: () =>
    new DomainError("auth.invalid_enrollment", "This enrollment token is invalid, expired or already used. Sign in again to get a new one."),
  notStarted: () =>
    new DomainError("auth.mfa_enrollment_not_started", "Set up your authenticator first: request the secret, then enter a code from the app."),
};

/**
 * A fresh enrollment token for a user who just proved their password, and the write that stores
 * its hash (part of the sign-in's transaction). The token itself goes back to the caller only.
 */
export function enrollmentWrite(deps: Pick<Deps, "db" | "clock">, user: Pick<UserItem, "id" | "email" | "sessionEpoch">): { token: string; write: GuardedWrite } {
  const token = newSecret();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + ENROLLMENT_TTL_SECONDS * 1000);
  const item: EnrollmentItem = {
    ...Keys.mfaEnrollment(sha256(token)),
    entity: "MfaEnrollment",
    userId: user.id,
    email: user.email,
    issuedAt: now.toISOString(),
    sessionEpoch: user.sessionEpoch ?? 0,
    expiresAt: expiresAt.toISOString(),
    // TTL deletes lazily (up to days late): expiresAt is what every read and condition checks.
    ttl: Math.floor(expiresAt.getTime() / 1000),
  };
  return { token, write: { write: Write.put(deps.db, item, { ConditionExpression: "attribute_not_exists(pk)" }) } };
}

/** The live enrollment behind a presented token, or `auth.invalid_enrollment`. */
export async function readLiveEnrollment(deps: Pick<Deps, "db" | "clock">, token: string): Promise<EnrollmentItem> {
  const { Item } = await deps.db.doc.send(
    new GetCommand({ TableName: deps.db.table, Key: Keys.mfaEnrollment(sha256(token)), ConsistentRead: true }),
  );
  const item = Item as EnrollmentItem | undefined;
  if (!item || item.usedAt || deps.clock.now().getTime() >= Date.parse(item.expiresAt)) throw EnrollmentError.invalid();
  return item;
}
