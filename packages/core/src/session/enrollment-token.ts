import { newSecret, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { error } from "../error";
import { putEnrollment, readEnrollment, type EnrollmentItem } from "../store/enrollments";
import { Keys } from "../store/keys";
import type { GuardedWrite } from "../store/transact";
import type { UserItem } from "../store/users";

export const ENROLLMENT_TTL_SECONDS = 10 * 60;

/**
 * One answer for unknown, expired and used tokens, like `auth.invalid_refresh`: the holder can do
 * nothing about any of them but sign in again, and the distinction would only help someone probing.
 */
export const EnrollmentError = {
  invalid: error("auth.invalid_enrollment", "This enrollment token is invalid, expired or already used. Sign in again to get a new one."),
  notStarted: error("auth.mfa_enrollment_not_started", "Set up your authenticator first: request the secret, then enter a code from the app."),
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
  return { token, write: putEnrollment(deps.db, item) };
}

/** The live enrollment behind a presented token, or `auth.invalid_enrollment`. */
export async function readLiveEnrollment(deps: Pick<Deps, "db" | "clock">, token: string): Promise<EnrollmentItem> {
  const item = await readEnrollment(deps.db, sha256(token));
  if (!item || item.usedAt || deps.clock.now().getTime() >= Date.parse(item.expiresAt)) throw EnrollmentError.invalid();
  return item;
}
