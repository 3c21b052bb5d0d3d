import { deleteMemberEdge } from "../store/scim-groups";
import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, stillAllowed, type Principal } from "../policy";
import { deleteMembershipOf } from "../store/memberships";
import { deleteSetupToken } from "../store/setup-tokens";
import { explainConflict, MAX_TRANSACTION_WRITES, transact, type GuardedWrite } from "../store/transact";
import { deleteNameEntry, deleteUser, releaseEmail, type UserItem } from "../store/users";
import { leaveActiveAdmins } from "../store/workspace";
import { GuardError, UserError } from "./errors";
import { isActiveAdmin, readTarget, refuseSelf } from "./guards";

// The rest of a removal takes at most 10 writes of a transaction.
const MAX_MEMBERSHIPS_REMOVED_WITH_USER = MAX_TRANSACTION_WRITES - 10;

function checkRemove(target: UserItem) {
  if (target.isOwner) throw GuardError.ownerProtected();
  if ((target.memberTenants?.size ?? 0) > MAX_MEMBERSHIPS_REMOVED_WITH_USER) throw GuardError.tooManyMemberships(MAX_MEMBERSHIPS_REMOVED_WITH_USER);
}

/**
 * What a removal writes besides its audit event, whoever decides it (an admin here, a SCIM
 * directory's DELETE): the profile (only as read, never the owner's), the email claim, the name
 * entry, a pending setup link and every tenant membership. One piece of code for both paths.
 */
export function removal(deps: Pick<Deps, "db">, target: UserItem): GuardedWrite[] {
  checkRemove(target);
  const writes: GuardedWrite[] = [
    deleteUser(deps.db, target, (current) => explainConflict(current, checkRemove, { notFound: UserError.notFound, changed: UserError.changed })),
    releaseEmail(deps.db, target.email, target.id, UserError.notFound),
  ];
  if (target.displayName) writes.push(deleteNameEntry(deps.db, target.id));
  if (target.setupTokenHash) writes.push(deleteSetupToken(deps.db, target.setupTokenHash));
  // The user's tenant memberships go with them, in the same transaction: no tenant lists a member who is gone.
  for (const slug of target.memberTenants ?? []) writes.push(deleteMembershipOf(deps.db, slug, target.id));
  // And their place in the directory's groups: no group lists a member who is gone.
  for (const groupId of Object.keys(target.directoryGroups ?? {})) writes.push(deleteMemberEdge(deps.db, groupId, target.id));
  if (isActiveAdmin(target)) writes.push(leaveActiveAdmins(deps.db, GuardError.lastAdmin));
  return writes;
}

/**
 * Removes a user: the profile and the email claim go (the email can be invited again), a pending
 * setup link dies with them, and every session and token fails from the next request (there is no
 * profile to authenticate against). The audit trail keeps the email the user had.
 */
export async function remove(deps: Deps, principal: Principal, userId: string, context: RequestContext): Promise<void> {
  authorize(principal, "users:write");
  const { actor } = principal;
  refuseSelf(actor, userId);
  const target = await readTarget(deps, userId);
  const writes: GuardedWrite[] = [...stillAllowed(deps.db, actor), ...removal(deps, target)];
  writes.push(Audit.write(deps, { type: "USER_REMOVED", actor, target: { type: "user", id: target.id, email: target.email }, changes: null, context }));
  await transact(deps.db, writes);
}
