import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, stillAllowed, type Principal } from "../policy";
import { and } from "../store/expression";
import { transact, type GuardedWrite } from "../store/transact";
import { teamIndex, toPublicUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import { joinActiveAdmins, leaveActiveAdmins } from "../store/workspace";
import { GuardError } from "./errors";
import { isActiveAdmin, readTarget, refuseSelf, updateTarget } from "./guards";

function checkDeactivate(target: UserItem) {
  if (target.isOwner) throw GuardError.ownerProtected();
  if (target.status !== "ACTIVE") throw GuardError.notActive();
}

/**
 * Soft removal: sign-in is refused and every session and personal access token dies on its next
 * request (their epochs move on, so a later reactivation does not revive them).
 * The history and the email claim stay.
 */
export async function deactivate(deps: Deps, principal: Principal, userId: string, context: RequestContext): Promise<User> {
  authorize(principal, "users:write");
  const { actor } = principal;
  refuseSelf(actor, userId);
  const target = await readTarget(deps, userId);
  checkDeactivate(target);
  const writes: GuardedWrite[] = [
    ...stillAllowed(deps.db, actor),
    updateTarget(
      deps,
      "users.deactivate",
      target,
      { set: { status: "DEACTIVATED", ...teamIndex(target, { status: "DEACTIVATED" }) }, add: { sessionEpoch: 1, tokenEpoch: 1 } },
      and(UserConditions.active, UserConditions.notOwner),
      checkDeactivate,
    ),
    ...updateNameEntry(deps.db, target, { status: "DEACTIVATED" }),
  ];
  if (isActiveAdmin(target)) writes.push(leaveActiveAdmins(deps.db, GuardError.lastAdmin));
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
export async function reactivate(deps: Deps, principal: Principal, userId: string, context: RequestContext): Promise<User> {
  authorize(principal, "users:write");
  const { actor } = principal;
  refuseSelf(actor, userId);
  const target = await readTarget(deps, userId);
  checkReactivate(target);
  const writes: GuardedWrite[] = [
    ...stillAllowed(deps.db, actor),
    updateTarget(deps, "users.reactivate", target, { set: { status: "ACTIVE", ...teamIndex(target, { status: "ACTIVE" }) } }, UserConditions.deactivated, checkReactivate),
    ...updateNameEntry(deps.db, target, { status: "ACTIVE" }),
  ];
  if (target.role === "SUPER_ADMIN") writes.push(joinActiveAdmins(deps.db));
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
