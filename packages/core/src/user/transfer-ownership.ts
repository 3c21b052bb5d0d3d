import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { authorize, requirePerson, type Principal } from "../policy";
import { and, increment } from "../store/expression";
import { transact } from "../store/transact";
import { nameEntryUpdate, touchUser, toPublicUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import { passOwnership } from "../store/workspace";
import { GuardError } from "./errors";
import { readTarget, refuseSelf, updateTarget } from "./guards";

function checkNewOwner(target: UserItem) {
  if (target.status !== "ACTIVE" || target.role !== "SUPER_ADMIN") throw GuardError.notEligibleOwner();
}

/**
 * The owner hands ownership to an ACTIVE SUPER_ADMIN. One transaction moves the OWNER item and
 * both flags, conditioned on the caller still being the owner and the target still being an
 * ACTIVE SUPER_ADMIN: racing a deactivation of the target, one of the two fails, so the owner is
 * always an ACTIVE SUPER_ADMIN.
 */
export async function transferOwnership(deps: Deps, principal: Principal, userId: string, context: RequestContext): Promise<User> {
  const { actor } = principal;
  requirePerson(actor);
  authorize(principal, "ownership:transfer");
  refuseSelf(actor, userId);
  const target = await readTarget(deps, userId);
  checkNewOwner(target);
  await transact(deps.db, [
    passOwnership(deps.db, actor.id, target.id, AuthError.forbidden),
    changeUserOwnership(deps, actor.id),
    updateTarget(deps, "users.becomeOwner", target, { set: { isOwner: true } }, UserConditions.activeAdmin, checkNewOwner),
    // Both users' search entries show who owns the workspace now.
    nameEntryUpdate(deps.db, actor.id, { isOwner: false }),
    ...updateNameEntry(deps.db, target, { isOwner: true }),
    Audit.write(deps, {
      type: "OWNERSHIP_TRANSFERRED",
      actor,
      target: { type: "user", id: target.id, email: target.email },
      changes: { isOwner: { before: false, after: true } },
      context,
    }),
  ]);
  return toPublicUser({ ...target, isOwner: true });
}

/** The previous owner gives up the flag, only while still the owner and active (whatever else changed). */
const changeUserOwnership = (deps: Pick<Deps, "db">, ownerId: string) =>
  touchUser(deps.db, "users.leaveOwnership", ownerId, { set: { isOwner: false, version: increment() } }, and(UserConditions.owner, UserConditions.active)!, () => AuthError.forbidden());
