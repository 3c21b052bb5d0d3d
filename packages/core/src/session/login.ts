import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { absent, and, equals, expr, path } from "../store/expression";
import { Keys } from "../store/keys";
import { query } from "../store/read";
import { transact, Write, type GuardedWrite } from "../store/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import * as Throttle from "../throttle";
import { matchStep } from "../totp/totp";
import { decodeUser, normalizeEmail, toPublicUser, touchUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import * as Sso from "../store/sso-managed";
import { lastSeenEnforced, sawEnforced } from "../store/sso-enforcement-seen";
import { enrollmentWrite } from "./enrollment-token";
import { apiSession, type SessionOpener, type Tokens } from "./session";

export type Credentials = { email: string; password: string; totpCode?: string | undefined };
/** What a sign-in hands over: the session's credentials (API tokens, or the console's cookie) and the user. */
export type SignedIn<C> = C & { user: User };
export type LoginResult = SignedIn<Tokens>;

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
export const login = (deps: Deps, input: Credentials, context: RequestContext): Promise<LoginResult> => signInWith(deps, input, context, apiSession);

/** The same sign-in, opening the session `open` makes: the API's (`login`) or the console's. */
export async function signInWith<C>(deps: Deps, input: Credentials, context: RequestContext, open: SessionOpener<C>): Promise<SignedIn<C>> {
  const email = normalizeEmail(input.email);
  const slots = await Throttle.takeSlots(deps, Throttle.signInKeys(email, context.ip));
  const user = await findByEmail(deps, email);
  const now = deps.clock.now();

  const passwordOk = user?.passwordHash
    ? await deps.passwords.verify(user.passwordHash, input.password)
    : (await deps.passwords.verify(await decoy(deps), input.password), false);
  if (user && passwordOk && user.status === "ACTIVE" && user.mfaEnrolled !== true) {
    // Any code sent along is ignored: there is no seed to check it against until the user enrolls one.
    const enrollment = enrollmentWrite(deps, user);
    const enroll = (sso: GuardedWrite[]) =>
      transact(deps.db, [
        enrollment.write,
        Write.check(deps.db, "users.stillAsRead", Keys.user(user.id), { condition: stillAsRead(user), onConflict: AuthError.invalidCredentials }),
        ...Throttle.giveBack(deps.db, slots),
        ...sso,
      ]);
    // Enforced SSO: only the owner still signs in with a password (see `signIn`).
    if (user.isOwner) await enroll([]);
    else await guessingEnforcement(deps, (enforced, onConflict) => (enforced ? refuse(deps, user, onConflict, context) : enroll([Sso.ssoNotEnforced(deps.db, onConflict)])));
    throw AuthError.mfaEnrollmentRequired(enrollment.token);
  }
  const step =
    user && passwordOk && user.status === "ACTIVE" && user.totpSecret && input.totpCode
      ? await matchStep(deps.secretBox.open(user.totpSecret, user.id), input.totpCode, now, user.totpLastStep ?? null)
      : null;

  if (!user || step === null) {
    await Audit.recordAlone(deps, failedSignIn(user, context, email));
    throw AuthError.invalidCredentials();
  }
  return signIn(deps, user, step, slots, context, open);
}

/** The profile that has this email, from the `email` index (eventually consistent: see `login`). */
async function findByEmail(deps: Pick<Deps, "db">, email: string): Promise<UserItem | undefined> {
  const { items } = await query(deps.db, { index: "email", key: expr`${path("emailLower")} = ${email} AND ${path("sk")} = ${Keys.user("").sk}` }, decodeUser);
  return items[0];
}

/** The profile is still what the decision was made from: same password, same seed, same epoch, active. */
const stillAsRead = (user: UserItem) =>
  and(
    UserConditions.active,
    equals("passwordHash", user.passwordHash),
    user.totpSecret ? equals("totpSecret", user.totpSecret) : absent("totpSecret"),
    UserConditions.epochUnchanged("sessionEpoch", user.sessionEpoch),
  )!;

/** A sign-in transaction's ConditionCheck found SSO's enforcement other than guessed. */
class GuessedWrong extends Error {}

/**
 * While SSO is enforced, a password opens a session for the owner alone (the break-glass path,
 * recorded as `SSO_BREAK_GLASS_LOGIN`, which the notify consumer mails to every SUPER_ADMIN);
 * everyone else is refused with the same `auth.invalid_credentials` and a LOGIN_FAILED record.
 *
 * Which of those transactions runs is guessed from the enforcement this process last saw
 * (sso-enforcement-seen.ts): the profile comes from an index, which no BatchGet can join, so there
 * is no round trip to read the SSO item in. Each transaction conditions on the enforcement it was
 * chosen for (a ConditionCheck on the SSO item: no TOTP step is spent on a refusal, and a toggle
 * committed before it is never missed), so a right guess keeps the sign-in at three round trips and
 * a wrong one (a toggle made by another process, a cold start) costs a fourth: the other
 * transaction. Should enforcement flip again between the two, the sign-in is refused; the person
 * simply signs in again.
 */
function signIn<C>(deps: Deps, user: UserItem, step: number, slots: Throttle.ThrottleSlot[], context: RequestContext, open: SessionOpener<C>): Promise<SignedIn<C>> {
  return guessingEnforcement(deps, (enforced, onConflict) => {
    if (!enforced) return signInAs(deps, user, step, slots, context, open, { check: Sso.ssoNotEnforced(deps.db, onConflict), breakGlass: false });
    if (user.isOwner) return signInAs(deps, user, step, slots, context, open, { check: Sso.ssoEnforced(deps.db, onConflict), breakGlass: true });
    return refuse(deps, user, onConflict, context);
  });
}

/**
 * Runs `attempt` for the enforcement last seen, and once more for the other one if its
 * ConditionCheck (built with the `onConflict` it is given) found that one: see `signIn`.
 */
async function guessingEnforcement<T>(deps: Pick<Deps, "db">, attempt: (enforced: boolean, onConflict: () => Error) => Promise<T>): Promise<T> {
  const guess = lastSeenEnforced(deps.db);
  try {
    return await attempt(guess, () => new GuessedWrong());
  } catch (error) {
    if (!(error instanceof GuessedWrong)) throw error;
    sawEnforced(deps.db, !guess);
    return attempt(!guess, AuthError.invalidCredentials);
  }
}

/** A non-owner's password sign-in under enforcement: recorded like any refused sign-in, answered the same. */
async function refuse(deps: Deps, user: UserItem, onConflict: () => Error, context: RequestContext): Promise<never> {
  await transact(deps.db, [Sso.ssoEnforced(deps.db, onConflict), Audit.write(deps, failedSignIn(user, context))]);
  throw AuthError.invalidCredentials();
}

/** The ConditionCheck on the SSO item a sign-in is chosen by, and whether it makes a break-glass sign-in. */
type SsoCheck = { check: GuardedWrite; breakGlass: boolean };

/** The record of a refused sign-in: of a known person, or of an email no one has. */
const failedSignIn = (user: UserItem | undefined, context: RequestContext, email = user?.email ?? "") => ({
  type: "LOGIN_FAILED" as const,
  actor: Actor.anonymous(),
  observedBy: "sign-in",
  target: user ? { type: "user" as const, id: user.id, email: user.email } : { type: "email" as const, id: email, email },
  context,
});

async function signInAs<C>(
  deps: Deps,
  user: UserItem,
  step: number,
  slots: Throttle.ThrottleSlot[],
  context: RequestContext,
  open: SessionOpener<C>,
  sso: SsoCheck,
): Promise<SignedIn<C>> {
  const now = deps.clock.now().toISOString();
  const session = await open(deps, user);
  const actor = Actor.user(user, session.sessionId);
  const breakGlass = sso.breakGlass ? [Audit.write(deps, { type: "SSO_BREAK_GLASS_LOGIN", actor, target: { type: "session", id: session.sessionId }, context })] : [];
  await transact(deps.db, [
    touchUser(
      deps.db,
      "users.signIn",
      user.id,
      { set: { totpLastStep: step, lastLoginAt: now } },
      // The step is spent here, under a condition: of two requests with one code, one signs in. The
      // session carries the epoch read: a cut-off committed in between would leave it dead on
      // arrival, so the sign-in fails instead.
      and(stillAsRead(user), UserConditions.enrolled, expr`(${absent("totpLastStep")} OR ${path("totpLastStep")} < ${step})`)!,
      () => AuthError.invalidCredentials(),
    ),
    session.write,
    ...updateNameEntry(deps.db, user, { lastLoginAt: now }),
    ...Throttle.giveBack(deps.db, slots),
    Audit.write(deps, { type: "LOGIN_SUCCEEDED", actor, target: { type: "session", id: session.sessionId }, context }),
    sso.check,
    ...breakGlass,
  ]);
  return { ...session.credentials, user: toPublicUser({ ...user, lastLoginAt: now }) };
}
