import type { Actor, RequestContext, Role } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { refuseClientGrantingAdmin, requireSuperAdmin } from "../policy";
import { GuardError } from "./errors";
import { actorIsStillAdmin, isActiveAdmin, joinActiveAdmins, leaveActiveAdmins, refuseSelf, updateTarget } from "./guards";
import { teamIndexSet } from "./index-update";
import { updateNameEntry } from "./name-entry";
import { readUser } from "./read";
import { toPublicUser, type User, type UserItem } from "./user";

/** Which membership kinds a role may hold: SUPER_ADMINs reach every tenant and hold none. */
const HOLDS: Record<Role, { operator: boolean; client: boolean }> = {
  SUPER_ADMIN: { operator: false, client: false },
  OPERATOR: { operator: true, client: false },
  CONTRACTOR: { operator: true, client: false },
  CLIENT_USER: { operator: false, client: true },
};

function checkRoleChange(target: UserItem, role: Role) {
  if (target.isOwner) throw GuardError.ownerProtected();
  const fits = HOLDS[role];
  if ((!fits.operator && (target.operatorMemberships ?? 0) > 0) || (!fits.client && (target.clientMemberships ?? 0) > 0)) {
    throw GuardError.roleMismatch();
  }
}

/** The memberships the new role could not hold must be none, as a condition of the write. */
function membershipCondition(role: Role): string {
  const fits = HOLDS[role];
  const none = (field: string) => `(attribute_not_exists(${field}) OR ${field} = :zero)`;
  return [fits.operator ? null : none("operatorMemberships"), fits.client ? null : none("clientMemberships")].filter(Boolean).join(" AND ");
}

/**
 * Changes a user's global role in place. Takes effect on the user's next request (every request
 * reads the role from the profile). Three round trips: auth, read, one transaction.
 */
export async function changeRole(deps: Deps, actor: Actor, userId: string, role: Role, context: RequestContext): Promise<User> {
  requireSuperAdmin(actor, "users:write");
  refuseClientGrantingAdmin(actor, role);
  refuseSelf(actor, userId);
  const target = await readUser(deps, userId);
  if (target.role === role) return toPublicUser(target);
  checkRoleChange(target, role);

  const index = teamIndexSet(target, { role });
  const memberships = membershipCondition(role);
  const writes: GuardedWrite[] = [
    ...actorIsStillAdmin(deps, actor),
    updateTarget(
      deps,
      target,
      {
        UpdateExpression: `SET #role = :role, version = version + :one, ${index.clause}`,
        ConditionExpression: ["isOwner = :false", memberships].filter(Boolean).join(" AND "),
        ExpressionAttributeNames: { "#role": "role" },
        ExpressionAttributeValues: { ":role": role, ":one": 1, ":false": false, ...(memberships ? { ":zero": 0 } : {}), ...index.values },
      },
      (current) => checkRoleChange(current, role),
    ),
  ];
  writes.push(...updateNameEntry(deps.db, target, { role }));
  if (isActiveAdmin(target)) writes.push(leaveActiveAdmins(deps));
  if (target.status === "ACTIVE" && role === "SUPER_ADMIN") writes.push(joinActiveAdmins(deps));
  if (target.status === "INVITED" && target.setupTokenHash) {
    // The setup page shows the role the link was issued for: keep it true.
    writes.push({
      write: Write.update(deps.db, Keys.setupToken(target.setupTokenHash), {
        UpdateExpression: "SET #role = :role",
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeNames: { "#role": "role" },
        ExpressionAttributeValues: { ":role": role },
      }),
      onConflict: GuardError.changed,
    });
  }
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
