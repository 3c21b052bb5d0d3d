import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { giveBack, signInKeys, takeSlots, type ThrottleSlot } from "../throttle/throttle";
import { matchStep } from "../totp/totp";
import { epochUnchanged } from "../user/epoch";
import { updateNameEntry } from "../user/name-entry";
import { normalizeEmail, toPublicUser, type User, type UserItem } from "../user/user";
import { enrollmentWrite } from "./enrollment-token";
import { openSession, type Tokens } from "./session";

export type Credentials = { email: string; password: string; totpCode?: string | undefined };
export type LoginResult = Tokens & { user: User };

// Verified against when the email has no password (unknown, or invited), so such an attempt costs
// the same hashing as a wrong password.
let decoyHash: Promise<string> | undefined;
const decoy = (deps: Pick<Deps, "passwords">) => (decoyHash ??= deps.passwords.hash("roster-decoy-password-never-valid"));

/**
 * Email + password + TOTP code, in three round trips whatever the email:
 * 1. a slot of the account's and the address's throttle windows is taken (`takeSlots`), before
 *    anything is checked, so a burst evaluates no more guesses than the limits allow;
 * 2. the profile is read by email (the `email` index: one read, also when no one has the email);
 * 3. one write: on success, spend the TOTP step under a condition, open the session, give the slots
 *    back and record; on failure, record only (the slot taken is the failure counted).
 *
 * The index is eventually consistent, so the success transaction conditions on everything the
 * decision was made from (status, password hash, seed, epoch): a stale read can refuse a sign-in,
 * never admit one. Every failure answers the same `auth.invalid_credentials`, and a refused attempt
 * never spends a TOTP step.
 *
 * A user whose authenticator was reset has no code to give: the right password alone earns a
 * short-lived enrollment token (403 `auth.mfa_enrollment_required`) instead of a session; its write
 * gives the slots back, as a proven password does.
 */
export async function login(deps: Deps, input: Credentials, context: RequestContext): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const slots = await takeSlots(deps, signInKeys(email, context.ip));
  const user = await findByEmail(deps, email);
  const now = deps.clock.now();

  const passwordOk = user?.passwordHash
    ? await deps.passwords.verify(user.passwordHash, input.password)
    : (await deps.passwords.verify(await decoy(deps), input.password), false);
  if (user && passwordOk && user.status === "ACTIVE" && user.mfaEnrolled !== true) {
    // Any code sent along is ignored: there is no seed to check it against until the user enrolls one.
    const enrollment = enrollmentWrite(deps, user);
    await transact(deps.db, [
      enrollment.write,
      { write: Write.check(deps.db, Keys.user(user.id), stillAsRead(user)), onConflict: AuthError.invalidCredentials },
      ...giveBack(deps.db, slots),
    ]);
    throw AuthError.mfaEnrollmentRequired(enrollment.token);
  }
  const step =
    user && passwordOk && user.status === "ACTIVE" && user.totpSecret && input.totpCode
      ? await matchStep(deps.secretBox.open(user.totpSecret, user.id), input.totpCode, now, user.totpLastStep ?? null)
      : null;

  if (!user || step === null) {
    await Audit.recordAlone(deps, {
      type: "LOGIN_FAILED",
      actor: Actor.anonymous(),
      observedBy: "sign-in",
      target: user ? { type: "user", id: user.id, email: user.email } : { type: "email", id: email, email },
      context,
    });
    throw AuthError.invalidCredentials();
  }
  return signIn(deps, user, step, slots, context);
}

/** The profile that has this email, from the `email` index (eventually consistent: see `login`). */
async function findByEmail(deps: Pick<Deps, "db">, email: string): Promise<UserItem | undefined> {
  const { Items } = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      IndexName: "email",
      KeyConditionExpression: "emailLower = :email AND sk = :profile",
      ExpressionAttributeValues: { ":email": email, ":profile": Keys.user("").sk },
    }),
  );
  return Items?.[0] as UserItem | undefined;
}

/** The profile is still what the decision was made from: same password, same seed, same epoch, active. */
function stillAsRead(user: UserItem) {
  const epoch = epochUnchanged("sessionEpoch", user.sessionEpoch);
  const seed = user.totpSecret ? "totpSecret = :seed" : "attribute_not_exists(totpSecret)";
  return {
    ConditionExpression: `#status = :active AND passwordHash = :hash AND ${seed} AND ${epoch.condition}`,
    ExpressionAttributeNames: { "#status": "status" },
    ExpressionAttributeValues: { ":active": "ACTIVE", ":hash": user.passwordHash, ...(user.totpSecret ? { ":seed": user.totpSecret } : {}), ...epoch.values },
  };
}

async function signIn(deps: Deps, user: UserItem, step: number, slots: ThrottleSlot[], context: RequestContext): Promise<LoginResult> {
  const now = deps.clock.now().toISOString();
  const session = await openSession(deps, user);
  const actor = Actor.user(user, session.sessionId);
  const asRead = stillAsRead(user);
  await transact(deps.db, [
    {
      write: Write.update(deps.db, Keys.user(user.id), {
        UpdateExpression: "SET totpLastStep = :step, lastLoginAt = :now",
        // The step is spent here, under a condition: of two requests with one code, one signs in.
        // The session carries the epoch read: a cut-off committed in between would leave it dead on
        // arrival, so the sign-in fails instead.
        ConditionExpression: `${asRead.ConditionExpression} AND mfaEnrolled = :true AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step)`,
        ExpressionAttributeNames: asRead.ExpressionAttributeNames,
        ExpressionAttributeValues: { ...asRead.ExpressionAttributeValues, ":step": step, ":now": now, ":true": true },
      }),
      onConflict: AuthError.invalidCredentials,
    },
    { write: session.write },
    ...updateNameEntry(deps.db, user, { lastLoginAt: now }),
    ...giveBack(deps.db, slots),
    Audit.write(deps, { type: "LOGIN_SUCCEEDED", actor, target: { type: "session", id: session.sessionId }, context }),
  ]);
  return { ...session.tokens, user: toPublicUser({ ...user, lastLoginAt: now }) };
}
