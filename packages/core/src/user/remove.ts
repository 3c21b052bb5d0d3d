import type { Actor, RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { GuardError } from "./errors";
import { actorIsStillAdmin, explainConflict, isActiveAdmin, leaveActiveAdmins, refuseSelf } from "./guards";
import { deleteNameEntry } from "./name-entry";
import { readUser } from "./read";
import { normalizeEmail, UserError, type UserItem } from "./user";

// A transaction holds at most 100 writes; the rest of a removal needs at most 8.
const MAX_MEMBERSHIPS_REMOVED_WITH_USER = 90;

function checkRemove(target: UserItem) {
  if (target.isOwner) throw GuardError.ownerProtected();
  if ((target.memberTenants?.size ?? 0) > MAX_MEMBERSHIPS_REMOVED_WITH_USER) throw GuardError.tooManyMemberships(MAX_MEMBERSHIPS_REMOVED_WITH_USER);
}

/**
 * Removes a user: the profile and the email claim go (the email can be invited again), a pending
 * setup link dies with them, and every session and token fails from the next request (there is no
 * profile to authenticate against). The audit trail keeps the email the user had.
 */
export async function remove(deps: Deps, actor: Actor, userId: string, context: RequestContext): Promise<void> {
  requireSuperAdmin(actor, "users:write");
  refuseSelf(actor, userId);
  const target = await readUser(deps, userId);
  checkRemove(target);
  const writes: GuardedWrite[] = [
    ...actorIsStillAdmin(deps, actor),
    {
      write: Write.delete(deps.db, Keys.user(target.id), {
        ConditionExpression: "version = :version AND isOwner = :false",
        ExpressionAttributeValues: { ":version": target.version, ":false": false },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      onConflict: (current) => explainConflict(current as UserItem | undefined, checkRemove),
    },
    {
      write: Write.delete(deps.db, Keys.email(normalizeEmail(target.email)), {
        ConditionExpression: "userId = :id",
        ExpressionAttributeValues: { ":id": target.id },
      }),
      onConflict: UserError.notFound,
    },
  ];
  if (target.displayName) writes.push(deleteNameEntry(deps.db, target.id));
  if (target.setupTokenHash) writes.push({ write: Write.delete(deps.db, Keys.setupToken(target.setupTokenHash)) });
  // The user's tenant memberships go with them, in the same transaction: no tenant lists a member who is gone.
  for (const slug of target.memberTenants ?? []) writes.push({ write: Write.delete(deps.db, Keys.membership(slug, target.id)) });
  if (isActiveAdmin(target)) writes.push(leaveActiveAdmins(deps));
  writes.push(
    Audit.write(deps, {
      type: "USER_REMOVED",
      actor,
      target: { type: "user", id: target.id, email: target.email },
      changes: null,
      context,
    }),
  );
  await transact(deps.db, writes);
}
