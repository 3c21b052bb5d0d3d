import type { Actor, RequestContext } from "../actor";
import * as Audit from "../audit";
import { transact, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { GuardError } from "./errors";
import { actorIsStillAdmin, isActiveAdmin, joinActiveAdmins, leaveActiveAdmins, refuseSelf, updateTarget } from "./guards";
import { teamIndexSet } from "./index-update";
import { updateNameEntry } from "./name-entry";
import { readUser } from "./read";
import { toPublicUser, type User, type UserItem } from "./user";

function checkDeactivate(target: UserItem) {
  if (target.isOwner) throw GuardError.ownerProtected();
  if (target.status !== "ACTIVE") throw GuardError.notActive();
}

/**
 * Soft removal: sign-in is refused and every session and personal access token dies on its next
 * request (their epochs move on, so a later reactivation does not revive them).
 * The history and the email claim stay.
 */
export async function deactivate(deps: Deps, actor: Actor, userId: string, context: RequestContext): Promise<User> {
  requireSuperAdmin(actor, "users:write");
  refuseSelf(actor, userId);
  const target = await readUser(deps, userId);
  checkDeactivate(target);
  const index = teamIndexSet(target, { status: "DEACTIVATED" });
  const writes: GuardedWrite[] = [
    ...actorIsStillAdmin(deps, actor),
    updateTarget(
      deps,
      target,
      {
        UpdateExpression: `SET #status = :deactivated, version = version + :one, ${index.clause} ADD sessionEpoch :one, tokenEpoch :one`,
        ConditionExpression: "#status = :active AND isOwner = :false",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":deactivated": "DEACTIVATED", ":active": "ACTIVE", ":false": false, ":one": 1, ...index.values },
      },
      checkDeactivate,
    ),
    ...updateNameEntry(deps.db, target, { status: "DEACTIVATED" }),
  ];
  if (isActiveAdmin(target)) writes.push(leaveActiveAdmins(deps));
  writes.push(
    Audit.write(deps, {
      type: "USER_DEACTIVATED",
      actor,
      target: { type: "user", id: target.id, email: target.email },
      changes: { status: { before: "ACTIVE", after: "DEACTIVATED" } },
      context,
    }),
  );
  await transact(deps.db, writes);
  return toPublicUser({ ...target, status: "DEACTIVATED" });
}

function checkReactivate(target: UserItem) {
  if (target.status !== "DEACTIVATED") throw GuardError.notDeactivated();
}

/** Back to ACTIVE. Old sessions and tokens stay dead: the user signs in afresh. */
export async function reactivate(deps: Deps, actor: Actor, userId: string, context: RequestContext): Promise<User> {
  requireSuperAdmin(actor, "users:write");
  refuseSelf(actor, userId);
  const target = await readUser(deps, userId);
  checkReactivate(target);
  const index = teamIndexSet(target, { status: "ACTIVE" });
  const writes: GuardedWrite[] = [
    ...actorIsStillAdmin(deps, actor),
    updateTarget(
      deps,
      target,
      {
        UpdateExpression: `SET #status = :active, version = version + :one, ${index.clause}`,
        ConditionExpression: "#status = :deactivated",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":deactivated": "DEACTIVATED", ":active": "ACTIVE", ":one": 1, ...index.values },
      },
      checkReactivate,
    ),
    ...updateNameEntry(deps.db, target, { status: "ACTIVE" }),
  ];
  if (target.role === "SUPER_ADMIN") writes.push(joinActiveAdmins(deps));
  writes.push(
    Audit.write(deps, {
      type: "USER_REACTIVATED",
      actor,
      target: { type: "user", id: target.id, email: target.email },
      changes: { status: { before: "DEACTIVATED", after: "ACTIVE" } },
      context,
    }),
  );
  await transact(deps.db, writes);
  return toPublicUser({ ...target, status: "ACTIVE" });
}
