import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import * as Password from "../password";
import { RequestError } from "../error";
import { Keys } from "../store/keys";
import { renameMember } from "../store/memberships";
import { spendOnce } from "../store/one-time";
import { transact, type GuardedWrite } from "../store/transact";
import { activateUser, putNameEntry, type User } from "../store/users";
import { joinActiveAdmins } from "../store/workspace";
import { matchStep, TotpError } from "../totp/totp";
import { SetupError } from "./errors";
import { readLiveSetupTokenWithUser } from "./read";

export type CompleteSetupInput = { token: string; displayName: string; password: string; totpCode: string };

/**
 * Redeems an invitation: name, password and authenticator in one step. Two round trips: read the
 * token, then one transaction that marks it used (it must not be already), activates the user (it
 * must still be INVITED with this very token, so a regenerated link kills the old one) and records
 * the event. Of concurrent redemptions exactly one transaction can pass its conditions.
 */
export async function complete(deps: Deps, input: CompleteSetupInput, context: RequestContext): Promise<User> {
  const { setup, user } = await readLiveSetupTokenWithUser(deps, input.token);
  if (!setup.pendingTotpSecret) throw SetupError.totpNotStarted();
  // Hashed while everything else is worked out: argon2 runs on the thread pool, the strength
  // estimate (zxcvbn), the code's check and the writes on this thread, so the answer waits for the
  // slower of the two instead of both. The hash of a password or code that is refused is dropped.
  const hashing = deps.passwords.hash(input.password);
  hashing.catch(() => undefined);
  await Password.checkStrength(input.password, setup.email);

  const now = deps.clock.now();
  const secret = deps.secretBox.open(setup.pendingTotpSecret, setup.userId);
  const step = await matchStep(secret, input.totpCode, now, null);
  if (step === null) throw TotpError.invalid();

  const tokenHash = setup.pk.slice("SETUP#".length);
  const displayName = input.displayName.trim();
  const nowIso = now.toISOString();
  const invitee = { id: setup.userId, createdAt: setup.user.createdAt, role: setup.role };

  const sealedSeed = deps.secretBox.seal(secret, setup.userId);
  // What goes with the activation: the password's hash is the only thing it waits for.
  const writes: GuardedWrite[] = [];
  // The active-admin count is what "never leave the workspace without an active SUPER_ADMIN" conditions on.
  if (setup.role === "SUPER_ADMIN") writes.push(joinActiveAdmins(deps.db));
  // The user's name as copied into each tenant membership (granted while INVITED) follows the name set now.
  for (const slug of user?.memberTenants ?? []) writes.push(renameMember(deps.db, slug, setup.userId, displayName, RequestError.conflict));

  const activated: User = {
    id: setup.userId,
    email: setup.email,
    displayName,
    role: setup.role,
    status: "ACTIVE",
    isOwner: setup.user.isOwner,
    mfaEnrolled: true,
    createdAt: setup.user.createdAt,
    invitedBy: setup.user.invitedBy,
    lastLoginAt: null,
    setupExpiresAt: null,
    source: setup.user.source,
  };
  writes.push(
    putNameEntry(deps.db, { ...activated, displayName }),
    Audit.write(deps, {
      type: "USER_SETUP_COMPLETED",
      actor: Actor.user(activated, null),
      target: { type: "user", id: setup.userId, email: setup.email },
      changes: { status: { before: "INVITED", after: "ACTIVE" }, displayName: { before: null, after: displayName } },
      context,
    }),
  );
  const passwordHash = await hashing;
  await transact(deps.db, [
    // The seed now lives on the user, sealed anew: the spent link keeps no copy of it.
    spendOnce(deps.db, "setupTokens.spend", Keys.setupToken(tokenHash), nowIso, SetupError.used),
    // Re-sealed rather than copied: the seed is bound to the user id either way, but a fresh IV costs nothing.
    // The user was removed, deactivated, or given a newer link since this one was read: the link is spent.
    activateUser(deps.db, invitee, { tokenHash, displayName, passwordHash, sealedSeed, step }, SetupError.used),
    ...writes,
  ]);
  return activated;
}
