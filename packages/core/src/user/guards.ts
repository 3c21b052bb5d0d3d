import { actingUserId, type Caller } from "../actor";
import { clientStillActive } from "../api-client/guards";
import { AuthError, type DomainError } from "../error";
import { Keys } from "../db/keys";
import { explainConflict as explainVersionConflict, Write, type GuardedWrite, type Update } from "../db/transact";
import type { Deps } from "../deps";
import { GuardError } from "./errors";
import { UserError, type UserItem } from "./user";

/**
 * The writes every admin transaction is built from. The rules are checked on the state read
 * first (for a precise answer) and again as conditions inside the transaction (so they hold when
 * two admins act at once).
 */

/** A person cannot act on their own account here, nor through a USER client that acts as them. */
export function refuseSelf(actor: Caller, targetId: string): void {
  if (actingUserId(actor) === targetId) throw GuardError.selfAction();
}

/**
 * The acting admin must still be an ACTIVE SUPER_ADMIN when the change commits, not only when it
 * was asked; an API client must still be enabled (and a USER client's creator still an admin).
 */
export function actorIsStillAdmin(deps: Pick<Deps, "db">, actor: Caller): GuardedWrite[] {
  const userId = actingUserId(actor);
  return [
    ...(actor.type === "api_client" ? [clientStillActive(deps, actor.id)] : []),
    ...(userId
      ? [
          {
            write: Write.check(deps.db, Keys.user(userId), {
              ConditionExpression: "#status = :active AND #role = :admin",
              ExpressionAttributeNames: { "#status": "status", "#role": "role" },
              ExpressionAttributeValues: { ":active": "ACTIVE", ":admin": "SUPER_ADMIN" },
            }),
            onConflict: AuthError.forbidden,
          },
        ]
      : []),
  ];
}

/**
 * The count of ACTIVE SUPER_ADMINs is an item: leaving it is conditioned on someone remaining,
 * so two admins deactivating each other at once cannot both succeed.
 */
export function leaveActiveAdmins(deps: Pick<Deps, "db">): GuardedWrite {
  return {
    write: Write.update(deps.db, Keys.adminCount(), {
      UpdateExpression: "ADD activeSuperAdmins :minus",
      ConditionExpression: "activeSuperAdmins > :one",
      ExpressionAttributeValues: { ":minus": -1, ":one": 1 },
    }),
    onConflict: GuardError.lastAdmin,
  };
}

export function joinActiveAdmins(deps: Pick<Deps, "db">): GuardedWrite {
  return {
    write: Write.update(deps.db, Keys.adminCount(), {
      UpdateExpression: "ADD activeSuperAdmins :one",
      ExpressionAttributeValues: { ":one": 1 },
    }),
  };
}

export const isActiveAdmin = (user: Pick<UserItem, "status" | "role">) => user.status === "ACTIVE" && user.role === "SUPER_ADMIN";

/**
 * Updates the target only if it is exactly the version that was read. When it changed meanwhile,
 * `recheck` runs the action's rules against the item as it is now, so the caller hears the rule
 * that now fails (deactivated meanwhile, became the owner…) or, if none does, `user.changed`.
 */
export function updateTarget(
  deps: Pick<Deps, "db">,
  target: UserItem,
  update: Update,
  recheck: (current: UserItem) => void,
): GuardedWrite {
  return {
    write: Write.update(deps.db, Keys.user(target.id), {
      ...update,
      ConditionExpression: "version = :version" + (update.ConditionExpression ? ` AND (${update.ConditionExpression})` : ""),
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ":version": target.version },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    }),
    onConflict: (current) => explainConflict(current as UserItem | undefined, recheck),
  };
}

export const explainConflict = (current: UserItem | undefined, recheck: (current: UserItem) => void): DomainError =>
  explainVersionConflict(current, recheck, { notFound: UserError.notFound, changed: GuardError.changed });
