import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent } from "./expression";
import { Keys } from "./keys";
import { getItem } from "./read";
import { Write, type GuardedWrite } from "./transact";

/**
 * The stored side of an enrollment token: what a right password earns a user whose authenticator
 * was reset. Good for one thing (enrolling a new authenticator, then signing in) for ten minutes;
 * only its hash is stored.
 */
const EnrollmentSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("MfaEnrollment"),
  userId: z.string(),
  /** The email at issuance: the label the authenticator app shows. */
  email: z.string(),
  /** When the password was proven. */
  issuedAt: z.string(),
  /** The user's session epoch when the password was proven: a cut-off since then ends the enrollment too. */
  sessionEpoch: z.number(),
  expiresAt: z.string(),
  /** Set when redeemed; a second redemption fails its condition. */
  usedAt: z.string().optional(),
  /** The TOTP seed shown to the user, sealed and bound to the user id, until the enrollment is confirmed. */
  pendingTotpSecret: z.string().optional(),
  ttl: z.number(),
});
export type EnrollmentItem = z.output<typeof EnrollmentSchema>;
const decodeEnrollment = decoder("MFA enrollment", EnrollmentSchema);

export const readEnrollment = (db: Db, tokenHash: string) => getItem(db, Keys.mfaEnrollment(tokenHash), decodeEnrollment);

export const putEnrollment = (db: Db, item: EnrollmentItem): GuardedWrite => Write.put(db, "enrollments.create", item, { condition: absent() });
