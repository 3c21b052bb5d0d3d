import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { isDomainError } from "../error";
import { Keys } from "../store/keys";
import { spendOnce } from "../store/one-time";
import { transact } from "../store/transact";
import { normalizeEmail, readUser, toPublicUser, touchUser, updateNameEntry, UserConditions, type UserItem } from "../store/users";
import { and, equals, increment } from "../store/expression";
import * as Throttle from "../throttle";
import { matchStep, TotpError } from "../totp/totp";
import { EnrollmentError, readLiveEnrollment } from "./enrollment-token";
import type { LoginResult, SignedIn } from "./login";
import { apiSession, type SessionOpener } from "./session";

export type ConfirmMfaInput = { enrollmentToken: string; totpCode: string };

/**
 * Confirms the new authenticator with a code from it and signs the user in. Three round trips:
 * the token, the profile, then one transaction that spends the token (it must exist, be unused and
 * unexpired), stores the seed on the user (who must still be ACTIVE, still unenrolled, and have had
 * no session cut since the password was proven), opens the session and records MFA_ENROLLED and
 * LOGIN_SUCCEEDED. Of concurrent confirmations exactly one transaction can pass its conditions.
 */
export const confirmMfa = (deps: Deps, input: ConfirmMfaInput, context: RequestContext): Promise<LoginResult> => confirmMfaWith(deps, input, context, apiSession);

/** The same confirmation, opening the session `open` makes: the API's (`confirmMfa`) or the console's. */
export async function confirmMfaWith<C>(deps: Deps, input: ConfirmMfaInput, context: RequestContext, open: SessionOpener<C>, attempt = 1): Promise<SignedIn<C>> {
  const enrollment = await readLiveEnrollment(deps, input.enrollmentToken);
  if (!enrollment.pendingTotpSecret) throw EnrollmentError.notStarted();

  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const secret = deps.secretBox.open(enrollment.pendingTotpSecret, enrollment.userId);
  // A seed nobody has used yet: no step is spent, so any code of the window will do.
  const step = await matchStep(secret, input.totpCode, now, null);
  if (step === null) throw TotpError.invalid();

  const user = await readUser(deps.db, enrollment.userId);
  // Said early for a clear answer; the transaction's condition is what holds under concurrency.
  if (!user || user.status !== "ACTIVE" || user.mfaEnrolled === true) throw EnrollmentError.invalid();

  const session = await open(deps, user);
  const actor = Actor.user(user, session.sessionId);
  try {
    await transact(deps.db, [
      // The seed now lives on the user: the token's copy goes with it.
      spendOnce(deps.db, "enrollments.spend", Keys.mfaEnrollment(enrollment.pk.slice("ENROLL#".length)), nowIso, EnrollmentError.invalid),
      touchUser(
        deps.db,
        "users.enroll",
        user.id,
        { set: { mfaEnrolled: true, totpSecret: deps.secretBox.seal(secret, user.id), totpLastStep: step, lastLoginAt: nowIso, version: increment() } },
        // Still reset (not enrolled through another token), still active, and no session cut since the password was
        // proven: another reset or a deactivation in between ends this enrollment as it ends sessions.
        and(UserConditions.active, equals("mfaEnrolled", false), UserConditions.epochUnchanged("sessionEpoch", enrollment.sessionEpoch))!,
        EnrollmentError.invalid,
      ),
      session.write,
      ...updateNameEntry(deps.db, user, { mfaEnrolled: true, lastLoginAt: nowIso }),
      // A completed sign-in, like login's: the account's throttle window starts over.
      ...Throttle.giveBack(deps.db, [{ kind: "EMAIL", value: normalizeEmail(user.email), windowStart: Throttle.windowAt(now).start }]),
      Audit.write(deps, { type: "MFA_ENROLLED", actor, target: { type: "user", id: user.id, email: user.email }, context }),
      Audit.write(deps, { type: "LOGIN_SUCCEEDED", actor, target: { type: "session", id: session.sessionId }, context }),
    ]);
  } catch (error) {
    // A transaction that collided with a concurrent one (TransactionConflict) proves nothing either way:
    // read again, and the token's state decides (used: 401; still live: try once more).
    if (isDomainError(error, "request.conflict") && attempt < 3) return confirmMfaWith(deps, input, context, open, attempt + 1);
    throw error;
  }

  const enrolled: UserItem = { ...user, mfaEnrolled: true, lastLoginAt: nowIso };
  return { ...session.credentials, user: toPublicUser(enrolled) };
}
