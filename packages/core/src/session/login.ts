import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Actor, type RequestContext } from "../actor";
import { epochUnchanged } from "../user/epoch";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { readItems } from "../db/read-items";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { clearFailures, recordFailure, retryAfterSeconds, type ThrottleItem } from "../throttle/throttle";
import { matchStep } from "../totp/totp";
import { updateNameEntry } from "../user/name-entry";
import { normalizeEmail, toPublicUser, type User, type UserItem } from "../user/user";
import { issueEnrollmentToken } from "./enrollment-token";
import { openSession, type Tokens } from "./session";

export type Credentials = { email: string; password: string; totpCode?: string | undefined };
export type LoginResult = Tokens & { user: User };

// Verified against when the email is unknown, so a miss costs the same time as a wrong password.
let decoyHash: Promise<string> | undefined;
const decoy = (deps: Pick<Deps, "passwords">) => (decoyHash ??= deps.passwords.hash("roster-decoy-password-never-valid"));

/**
 * Email + password + TOTP code. Three round trips: the email claim and both throttle counters in
 * one BatchGet, the profile, then one transaction (success: spend the TOTP step under a condition,
 * open the session, clear the account's counter, record; failure: count and record). Every failure
 * answers the same `auth.invalid_credentials`, and a refused attempt never spends a TOTP step.
 *
 * A user whose authenticator was reset has no code to give: the right password alone earns a
 * short-lived enrollment token (403 `auth.mfa_enrollment_required`) instead of a session. Its put is
 * the third round trip; it is neither a failure nor a sign-in, so no counter moves either way.
 */
export async function login(deps: Deps, input: Credentials, context: RequestContext): Promise<LoginResult> {
  const email = normalizeEmail(input.email);
  const now = deps.clock.now();
  const throttleKeys = { EMAIL: Keys.throttle("EMAIL", email), IP: context.ip ? Keys.throttle("IP", context.ip) : null };

  const found = await readItems(deps.db, [Keys.email(email), throttleKeys.EMAIL, ...(throttleKeys.IP ? [throttleKeys.IP] : [])]);
  const pick = (key: { pk: string } | null) => (key ? found.find((item) => item.pk === key.pk) : undefined);
  const claim = pick(Keys.email(email));
  const emailCounter = pick(throttleKeys.EMAIL) as ThrottleItem | undefined;
  const ipCounter = pick(throttleKeys.IP) as ThrottleItem | undefined;

  const wait = Math.max(retryAfterSeconds("EMAIL", emailCounter, now), context.ip ? retryAfterSeconds("IP", ipCounter, now) : 0);
  if (wait > 0) {
    await Audit.recordAlone(deps, {
      type: "LOGIN_THROTTLED",
      actor: Actor.anonymous(),
      observedBy: "sign-in",
      target: { type: "email", id: email, email },
      context,
    });
    throw AuthError.throttled(wait);
  }

  let user: UserItem | undefined;
  if (claim) {
    const { Item } = await deps.db.doc.send(
      new GetCommand({ TableName: deps.db.table, Key: Keys.user(claim.userId as string), ConsistentRead: true }),
    );
    user = Item as UserItem | undefined;
  }

  const passwordOk = user?.passwordHash
    ? await deps.passwords.verify(user.passwordHash, input.password)
    : (await deps.passwords.verify(await decoy(deps), input.password), false);
  if (passwordOk && user?.status === "ACTIVE" && user.mfaEnrolled !== true) {
    // Any code sent along is ignored: there is no seed to check it against until the user enrolls one.
    throw AuthError.mfaEnrollmentRequired(await issueEnrollmentToken(deps, user));
  }
  const step =
    passwordOk && user?.status === "ACTIVE" && user.totpSecret && input.totpCode
      ? await matchStep(deps.secretBox.open(user.totpSecret, user.id), input.totpCode, now, user.totpLastStep ?? null)
      : null;

  if (!user || step === null) {
    await transact(deps.db, [
      { write: recordFailure(deps.db, "EMAIL", email, emailCounter, now) },
      ...(context.ip ? [{ write: recordFailure(deps.db, "IP", context.ip, ipCounter, now) }] : []),
      Audit.write(deps, {
        type: "LOGIN_FAILED",
        actor: Actor.anonymous(),
        observedBy: "sign-in",
        target: user ? { type: "user", id: user.id, email: user.email } : { type: "email", id: email, email },
        context,
      }),
    ]);
    throw AuthError.invalidCredentials();
  }

  const session = await openSession(deps, user);
  const actor = Actor.user(user, session.sessionId);
  const epoch = epochUnchanged("sessionEpoch", user.sessionEpoch);
  await transact(deps.db, [
    {
      write: Write.update(deps.db, Keys.user(user.id), {
        UpdateExpression: "SET totpLastStep = :step, lastLoginAt = :now",
        // The step is spent here, under a condition: of two requests with one code, one signs in.
        // The session carries the epoch read above: a cut-off committed in between would leave it dead
        // on arrival, so the sign-in fails instead.
        ConditionExpression: `#status = :active AND (attribute_not_exists(totpLastStep) OR totpLastStep < :step) AND ${epoch.condition}`,
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":step": step,
          ":now": now.toISOString(),
          ":active": "ACTIVE",
          ...epoch.values,
        },
      }),
      onConflict: AuthError.invalidCredentials,
    },
    { write: session.write },
    ...updateNameEntry(deps.db, user, { lastLoginAt: now.toISOString() }),
    { write: clearFailures(deps.db, "EMAIL", email) },
    Audit.write(deps, { type: "LOGIN_SUCCEEDED", actor, target: { type: "session", id: session.sessionId }, context }),
  ]);
  return { ...session.tokens, user: toPublicUser({ ...user, lastLoginAt: now.toISOString() }) };
}
