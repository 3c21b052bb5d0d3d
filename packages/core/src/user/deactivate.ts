import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, stillAllowed, type Principal } from "../policy";
import { and, type UpdateSpec } from "../store/expression";
import { transact, type GuardedWrite } from "../store/transact";
import { teamIndex, toPublicUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import { joinActiveAdmins, leaveActiveAdmins } from "../store/workspace";
import { GuardError } from "./errors";
import { isActiveAdmin, readTarget, refuseSelf, updateTarget } from "./guards";

/**
 * The cut-off of a deactivation, whoever decides it (an admin here, a SCIM directory's
 * `active: false`): the profile's change (status and its index entries, both epochs moved on, so
 * every session, personal access token and USER client of the person dies on its next request),
 * the public field the name entry must follow, and the admin count. One piece of code, so the two
 * paths cannot drift; the caller adds its own conditions, bookkeeping and audit event.
 */
export function deactivation(deps: Pick<Deps, "db">, target: UserItem): { change: UpdateSpec; fields: { status: "DEACTIVATED" }; writes: GuardedWrite[] } {
  return {
    change: { set: { status: "DEACTIVATED", ...teamIndex(target, { status: "DEACTIVATED" }) }, add: { sessionEpoch: 1, tokenEpoch: 1 } },
    fields: { status: "DEACTIVATED" },
    writes: isActiveAdmin(target) ? [leaveActiveAdmins(deps.db, GuardError.lastAdmin)] : [],
  };
}

/** Back to ACTIVE, whoever decides it: the profile's change, the name entry's field, and the admin count. */
export function reactivation(deps: Pick<Deps, "db">, target: UserItem): { change: UpdateSpec; fields: { status: "ACTIVE" }; writes: GuardedWrite[] } {
  return {
    change: { set: { status: "ACTIVE", ...teamIndex(target, { status: "ACTIVE" }) } },
    fields: { status: "ACTIVE" },
    writes: target.role === "SUPER_ADMIN" ? [joinActiveAdmins(deps.db)] : [],
  };
}

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
  const cut = deactivation(deps, target);
  const writes: GuardedWrite[] = [
    ...stillAllowed(deps.db, actor),
    updateTarget(
      deps,
      "users.deactivate",
      target,
      // An admin's deactivation is never undone by a sign-in through the identity provider, nor by a directory.
      { ...cut.change, remove: ["deprovisionedBy"] },
      and(UserConditions.active, UserConditions.notOwner),
      checkDeactivate,
    ),
    ...updateNameEntry(deps.db, target, cut.fields),
    ...cut.writes,
  ];
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
  const back = reactivation(deps, target);
  const writes: GuardedWrite[] = [
    ...stillAllowed(deps.db, actor),
    updateTarget(deps, "users.reactivate", target, { ...back.change, remove: ["deprovisionedBy"] }, UserConditions.deactivated, checkReactivate),
    ...updateNameEntry(deps.db, target, back.fields),
    ...back.writes,
  ];
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
