import type { RequestContext, Role } from "../actor";
import * as Audit from "../audit";
import { GuardError, UserError } from "./errors";
import type { Deps } from "../deps";
import { AccessError, authorize, HOLDS_TENANT_ROLES, refuseClientGranting, stillAllowed, type Principal } from "../policy";
import { and } from "../store/expression";
import { setSetupTokenRole } from "../store/setup-tokens";
import { transact, type GuardedWrite } from "../store/transact";
import { teamIndex, toPublicUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import { joinActiveAdmins, leaveActiveAdmins } from "../store/workspace";
import * as Sso from "../store/sso-managed";
import { isActiveAdmin, readTarget, refuseSelf, updateTarget } from "./guards";

/** The membership counters a role could not hold: SUPER_ADMINs and VIEWERs reach tenants through no membership and hold none. */
const strandedBy = (role: Role) =>
  (["operatorMemberships", "clientMemberships"] as const).filter((counter) => HOLDS_TENANT_ROLES[role] !== (counter === "operatorMemberships" ? "operator" : "client"));

function checkRoleChange(target: UserItem, role: Role) {
  if (target.isOwner) throw GuardError.ownerProtected();
  if (strandedBy(role).some((counter) => (target[counter] ?? 0) > 0)) throw AccessError.roleMismatch();
}

/**
 * Changes a user's global role in place. Takes effect on the user's next request (every request
 * reads the role from the profile). Three round trips: auth, read, one transaction.
 */
export async function changeRole(deps: Deps, principal: Principal, userId: string, role: Role, context: RequestContext): Promise<User> {
  authorize(principal, "users:write");
  const { actor } = principal;
  refuseClientGranting(actor, role);
  refuseSelf(actor, userId);
  const target = await readTarget(deps, userId);
  if (target.role === role) return toPublicUser(target);
  checkRoleChange(target, role);

  const writes: GuardedWrite[] = [
    ...stillAllowed(deps.db, actor),
    updateTarget(
      deps,
      "users.changeRole",
      target,
      { set: { role, ...teamIndex(target, { role }) } },
      // The memberships the new role could not hold must be none, as a condition of the write.
      and(UserConditions.notOwner, ...strandedBy(role).map(UserConditions.holdsNone)),
      (current) => checkRoleChange(current, role),
    ),
    ...updateNameEntry(deps.db, target, { role }),
    ...Sso.unlessManaged(deps.db, target),
  ];
  if (isActiveAdmin(target)) writes.push(leaveActiveAdmins(deps.db, GuardError.lastAdmin));
  if (target.status === "ACTIVE" && role === "SUPER_ADMIN") writes.push(joinActiveAdmins(deps.db));
  // The setup page shows the role the link was issued for: keep it true.
  if (target.status === "INVITED" && target.setupTokenHash) writes.push(setSetupTokenRole(deps.db, target.setupTokenHash, role, UserError.changed));
  writes.push(
    Audit.write(deps, {
      type: "USER_ROLE_CHANGED",
      actor,
      target: { type: "user", id: target.id, email: target.email },
      changes: { role: { before: target.role, after: role } },
      context,
    }),
  );
  await transact(deps.db, writes);
  return toPublicUser({ ...target, role });
}
