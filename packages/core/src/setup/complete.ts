import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { ConflictError, transact, Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { checkPasswordStrength } from "../password/policy";
import { matchStep, TotpError } from "../totp/totp";
import { teamIndexSet } from "../user/index-update";
import { putNameEntry } from "../user/name-entry";
import type { User } from "../user/user";
import { readLiveSetupTokenWithUser } from "./read";
import { SetupError } from "./setup-token";

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
  await checkPasswordStrength(input.password, setup.email);

  const now = deps.clock.now();
  const secret = deps.secretBox.open(setup.pendingTotpSecret, setup.userId);
  const step = await matchStep(secret, input.totpCode, now, null);
  if (step === null) throw TotpError.invalid();

  const passwordHash = await deps.passwords.hash(input.password);
  const tokenHash = setup.pk.slice("SETUP#".length);
  const displayName = input.displayName.trim();
  const nowIso = now.toISOString();
  const index = teamIndexSet({ createdAt: setup.user.createdAt, id: setup.userId, status: "INVITED", role: setup.role }, { status: "ACTIVE" });

  const writes: GuardedWrite[] = [
    {
      // The seed now lives on the user, sealed anew: the spent link keeps no copy of it.
      write: Write.spendOnce(deps.db, Keys.setupToken(tokenHash), nowIso, ["pendingTotpSecret"]),
      onConflict: SetupError.used,
    },
    {
      write: Write.update(deps.db, Keys.user(setup.userId), {
        UpdateExpression:
          "SET displayName = :name, nameLower = :nameLower, passwordHash = :hash, totpSecret = :totp, totpLastStep = :step, mfaEnrolled = :true, " +
          `#status = :active, version = version + :one, ${index.clause} REMOVE setupTokenHash, setupExpiresAt`,
        ConditionExpression: "#status = :invited AND setupTokenHash = :tokenHash",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":name": displayName,
          ":nameLower": displayName.toLowerCase(),
          ":hash": passwordHash,
          // Re-sealed rather than copied: the seed is bound to the user id either way, but a fresh IV costs nothing.
          ":totp": deps.secretBox.seal(secret, setup.userId),
          ":step": step,
          ":true": true,
          ":active": "ACTIVE",
          ":invited": "INVITED",
          ":tokenHash": tokenHash,
          ":one": 1,
          ...index.values,
        },
      }),
      // The user was removed, deactivated, or given a newer link since this one was read.
      onConflict: SetupError.used,
    },
  ];
  if (setup.role === "SUPER_ADMIN") {
    // The active-admin count is what "never leave the workspace without an active SUPER_ADMIN" conditions on.
    writes.push({
      write: Write.update(deps.db, Keys.adminCount(), {
        UpdateExpression: "ADD activeSuperAdmins :one",
        ExpressionAttributeValues: { ":one": 1 },
      }),
    });
  }
  // The user's name as copied into each tenant membership (granted while INVITED) follows the name set now.
  for (const slug of user?.memberTenants ?? []) {
    writes.push({
      write: Write.update(deps.db, Keys.membership(slug, setup.userId), {
        UpdateExpression: "SET #user.displayName = :name",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#user": "user" },
        ExpressionAttributeValues: { ":name": displayName },
      }),
      onConflict: ConflictError.concurrent,
    });
  }
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
  };
  writes.push(putNameEntry(deps.db, { ...activated, displayName }));
  const actor = Actor.user(activated, null);
  writes.push(
    Audit.write(deps, {
      type: "USER_SETUP_COMPLETED",
      actor,
      target: { type: "user", id: setup.userId, email: setup.email },
      changes: { status: { before: "INVITED", after: "ACTIVE" }, displayName: { before: null, after: displayName } },
      context,
    }),
  );
  await transact(deps.db, writes);

  return activated;
}
