import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { authorize, ownAccount, type Principal } from "../policy";
import { and, equals, increment } from "../store/expression";
import { keepSession } from "../store/sessions";
import { transact, type GuardedWrite } from "../store/transact";
import { normalizeEmail, readUser, touchUser, UserConditions } from "../store/users";
import * as Throttle from "../throttle";
import { PasswordError } from "./errors";
import { checkPasswordStrength } from "./policy";
import type { ChangePasswordInput } from "./schemas";

/**
 * The signed-in user replaces their password after proving the current one. A password change is
 * what people do after a suspected compromise, so it ends everything else: every other session
 * (the user's session epoch moves on) and every personal access token (so does the token epoch),
 * the one making this call included when the caller used a token. The session making the call
 * survives: it moves to the new epoch in the same transaction.
 *
 * A guess at the current password takes a slot of the account's sign-in throttle window before it
 * is checked, so a stolen session cannot guess the password without limit; a full window is 429.
 * Four round trips: authentication, then the slot and the credential (read here, since no
 * principal carries a password hash) together, then one transaction (or the failure's record).
 */
export async function change(deps: Deps, principal: Principal, input: ChangePasswordInput, context: RequestContext): Promise<void> {
  authorize(principal, "account:manage");
  const account = ownAccount(principal);
  const { actor } = principal;
  // Both checks look at the request alone, so they answer before (and without) checking the current password.
  if (input.newPassword === input.currentPassword) throw PasswordError.tooWeak("Choose a new password that differs from the current one.", [], "newPassword");
  await checkPasswordStrength(input.newPassword, account.email, "newPassword");

  // Counted before it is checked, on the account's sign-in throttle: a burst of guesses evaluates
  // no more of them than a burst of sign-ins would.
  const [slots, user] = await Promise.all([Throttle.takeSlots(deps, [{ kind: "EMAIL", value: normalizeEmail(account.email) }]), readUser(deps.db, account.id)]);
  const passwordOk = user?.passwordHash ? await deps.passwords.verify(user.passwordHash, input.currentPassword) : false;
  if (!user || !passwordOk) {
    await Audit.recordAlone(deps, { type: "LOGIN_FAILED", actor, target: { type: "user", id: account.id, email: account.email }, context });
    throw AuthError.reauthenticationFailed();
  }

  const passwordHash = await deps.passwords.hash(input.newPassword);
  const writes: GuardedWrite[] = [
    touchUser(
      deps.db,
      "users.changePassword",
      user.id,
      { set: { passwordHash, version: increment() }, add: { sessionEpoch: 1, tokenEpoch: 1 } },
      // The profile as this request checked the password against: a concurrent password change,
      // deactivation, MFA reset or mass revocation is never overwritten (a role change is no reason
      // to refuse, so this is not a condition on `version`).
      and(
        equals("passwordHash", user.passwordHash),
        UserConditions.active,
        UserConditions.enrolled,
        UserConditions.epochUnchanged("sessionEpoch", user.sessionEpoch),
        UserConditions.epochUnchanged("tokenEpoch", user.tokenEpoch),
      )!,
      (current) =>
        current && current.status === "ACTIVE" && current.mfaEnrolled && current.passwordHash !== user.passwordHash
          ? AuthError.reauthenticationFailed("The password was changed a moment ago: the current password given is no longer right.")
          : // Deactivated, reset, removed or cut off meanwhile: the caller's credentials are dead.
            AuthError.unauthenticated(),
    ),
  ];
  // This session moves to the new epoch with the user, so it alone survives the cut (signed out a moment ago: dead).
  if (actor.type === "user" && actor.sessionId) writes.push(keepSession(deps.db, user.id, actor.sessionId, (user.sessionEpoch ?? 0) + 1, AuthError.unauthenticated));
  writes.push(
    // The password was just proven: like a successful sign-in, it clears the account's window.
    ...Throttle.giveBack(deps.db, slots),
    Audit.write(deps, { type: "PASSWORD_CHANGED", actor, target: { type: "user", id: user.id, email: user.email }, context }),
  );
  await transact(deps.db, writes);
}
