import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { requirePersonPrincipal } from "../policy";
import type { Principal } from "../session/authenticate";
import { giveBack, takeSlots } from "../throttle/throttle";
import { normalizeEmail } from "../user/user";
import { checkPasswordStrength, PasswordError } from "./policy";
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
 * Three round trips: authentication, the slot, then one transaction (or the failure's record).
 */
export async function change(deps: Deps, principal: Principal, input: ChangePasswordInput, context: RequestContext): Promise<void> {
  requirePersonPrincipal(principal);
  const { actor, user } = principal;
  // Both checks look at the request alone, so they answer before (and without) checking the current password.
  if (input.newPassword === input.currentPassword) {
    throw PasswordError.tooWeak("Choose a new password that differs from the current one.", [], "newPassword");
  }
  await checkPasswordStrength(input.newPassword, user.email, "newPassword");

  // Counted before it is checked, on the account's sign-in throttle: a burst of guesses evaluates
  // no more of them than a burst of sign-ins would.
  const slots = await takeSlots(deps, [{ kind: "EMAIL", value: normalizeEmail(user.email) }]);
  const passwordOk = user.passwordHash ? await deps.passwords.verify(user.passwordHash, input.currentPassword) : false;
  if (!passwordOk) {
    await Audit.recordAlone(deps, { type: "LOGIN_FAILED", actor, target: { type: "user", id: user.id, email: user.email }, context });
    throw AuthError.reauthenticationFailed();
  }

  const passwordHash = await deps.passwords.hash(input.newPassword);
  // The profile as this request authenticated it and checked the password against: a concurrent
  // password change, deactivation, MFA reset or mass revocation is never overwritten (a role change is
  // no reason to refuse, so this is not a condition on `version`).
  const unchanged = (field: "sessionEpoch" | "tokenEpoch") => (user[field] ? `${field} = :${field}` : `attribute_not_exists(${field})`);
  const nextSessionEpoch = (user.sessionEpoch ?? 0) + 1;
  const writes: GuardedWrite[] = [
    {
      write: Write.update(deps.db, Keys.user(user.id), {
        UpdateExpression: "SET passwordHash = :hash, version = version + :one ADD sessionEpoch :one, tokenEpoch :one",
        ConditionExpression: `passwordHash = :old AND #status = :active AND mfaEnrolled = :true AND ${unchanged("sessionEpoch")} AND ${unchanged("tokenEpoch")}`,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":hash": passwordHash,
          ":old": user.passwordHash,
          ":one": 1,
          ":active": "ACTIVE",
          ":true": true,
          ...(user.sessionEpoch ? { ":sessionEpoch": user.sessionEpoch } : {}),
          ...(user.tokenEpoch ? { ":tokenEpoch": user.tokenEpoch } : {}),
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      onConflict: (current) =>
        current && current.status === "ACTIVE" && current.mfaEnrolled === true && current.passwordHash !== user.passwordHash
          ? AuthError.reauthenticationFailed("The password was changed a moment ago: the current password given is no longer right.")
          : // Deactivated, reset, removed or cut off meanwhile: the caller's credentials are dead.
            AuthError.unauthenticated(),
    },
  ];
  if (actor.sessionId) {
    writes.push({
      write: Write.update(deps.db, Keys.session(user.id, actor.sessionId), {
        // This session moves to the new epoch with the user, so it alone survives the cut.
        UpdateExpression: "SET epoch = :epoch",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
        ExpressionAttributeValues: { ":epoch": nextSessionEpoch },
      }),
      // Signed out (or revoked for refresh-token reuse) a moment ago.
      onConflict: AuthError.unauthenticated,
    });
  }
  writes.push(
    // The password was just proven: like a successful sign-in, it clears the account's window.
    ...giveBack(deps.db, slots),
    Audit.write(deps, { type: "PASSWORD_CHANGED", actor, target: { type: "user", id: user.id, email: user.email }, context }),
  );
  await transact(deps.db, writes);
}
