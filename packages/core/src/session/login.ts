import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { absent, and, equals, expr, path } from "../store/expression";
import { Keys } from "../store/keys";
import { query } from "../store/read";
import { transact, Write } from "../store/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import * as Throttle from "../throttle";
import { matchStep } from "../totp/totp";
import { layout } from "../mail/templates";
import { describeError } from "../log";
import { decodeTeamMember, decodeUser, normalizeEmail, toPublicUser, teamProjection, touchUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import * as Sso from "../store/sso-managed";
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
    await transact(deps.db, [
      enrollment.write,
      Write.check(deps.db, "users.stillAsRead", Keys.user(user.id), { condition: stillAsRead(user), onConflict: AuthError.invalidCredentials }),
      ...Throttle.giveBack(deps.db, slots),
      // Enforced SSO: only the owner still signs in with a password (see `signIn`).
      ...(user.isOwner ? [] : [Sso.ssoNotEnforced(deps.db, AuthError.invalidCredentials)]),
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

/** The owner's success transaction found SSO enforced: the break-glass sign-in is tried instead. */
class SsoEnforced extends Error {}

/**
 * While SSO is enforced, a password opens a session for the owner alone (the break-glass path):
 * everyone else is refused with the same `auth.invalid_credentials`, by a ConditionCheck on the SSO
 * configuration inside the success transaction (no extra round trip, no TOTP step spent, and a
 * toggle committed before it is never missed). The owner's transaction first conditions on SSO not
 * being enforced; if it is, it is tried once more conditioned on SSO being enforced, recording
 * `SSO_BREAK_GLASS_LOGIN`, and the SUPER_ADMINs are read to be mailed: five round trips, only on
 * this rare, audited path (every other sign-in keeps three). A toggle back in between the two tries
 * refuses the sign-in (401); the owner simply signs in again.
 */
async function signIn<C>(deps: Deps, user: UserItem, step: number, slots: Throttle.ThrottleSlot[], context: RequestContext, open: SessionOpener<C>): Promise<SignedIn<C>> {
  if (!user.isOwner) return signInAs(deps, user, step, slots, context, open, "refuse");
  try {
    return await signInAs(deps, user, step, slots, context, open, "owner");
  } catch (error) {
    if (!(error instanceof SsoEnforced)) throw error;
    const signedIn = await signInAs(deps, user, step, slots, context, open, "breakGlass");
    await mailBreakGlass(deps, user, context);
    return signedIn;
  }
}

/**
 * Every active SUPER_ADMIN hears of a break-glass sign-in, after the commit: a refused mail never
 * undoes the sign-in (the audit event is the record), it is logged.
 */
async function mailBreakGlass(deps: Deps, owner: UserItem, context: RequestContext): Promise<void> {
  try {
    const { items: admins } = await query(deps.db, { index: "gsi4", key: equals("gsi4pk", "USERS#ACTIVE#SUPER_ADMIN"), projection: teamProjection() }, decodeTeamMember);
    const at = deps.clock.now().toISOString().replace("T", " ").slice(0, 16) + " UTC";
    const from = context.ip ? ` from the IP address ${context.ip}` : "";
    const lines = [
      `${owner.displayName ?? owner.email}, the owner, signed in to Roster with a password and authenticator on ${at}${from}, while single sign-on is enforced.`,
      "This is the break-glass path, meant for when the identity provider cannot sign anyone in. It is recorded in the audit log as SSO_BREAK_GLASS_LOGIN.",
      "If this was not expected, review the audit log and contact the owner.",
    ];
    const subject = "Roster: the owner signed in past single sign-on (break-glass)";
    await Promise.all(
      admins.map((admin) => deps.mailer.send({ to: admin.email, subject, text: `${lines.join("\n\n")}\n`, html: layout("A break-glass sign-in", lines) })),
    );
  } catch (error) {
    deps.log.warn("break-glass notice not delivered", describeError(error));
  }
}

async function signInAs<C>(
  deps: Deps,
  user: UserItem,
  step: number,
  slots: Throttle.ThrottleSlot[],
  context: RequestContext,
  open: SessionOpener<C>,
  mode: "refuse" | "owner" | "breakGlass",
): Promise<SignedIn<C>> {
  const now = deps.clock.now().toISOString();
  const session = await open(deps, user);
  const actor = Actor.user(user, session.sessionId);
  const sso =
    mode === "breakGlass"
      ? [
          Write.check(deps.db, "sso.enforced", Keys.sso(), { condition: Sso.enforcedCondition(), onConflict: AuthError.invalidCredentials }),
          Audit.write(deps, { type: "SSO_BREAK_GLASS_LOGIN", actor, target: { type: "session", id: session.sessionId }, context }),
        ]
      : [Sso.ssoNotEnforced(deps.db, mode === "owner" ? () => new SsoEnforced() : AuthError.invalidCredentials)];
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
    ...sso,
  ]);
  return { ...session.credentials, user: toPublicUser({ ...user, lastLoginAt: now }) };
}
