import type { Actor, RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { requirePersonSuperAdmin } from "../policy";
import { GuardError } from "./errors";
import { refuseSelf, updateTarget } from "./guards";
import { nameEntryUpdate, updateNameEntry } from "./name-entry";
import { readUser } from "./read";
import { toPublicUser, type User, type UserItem } from "./user";

function checkNewOwner(target: UserItem) {
  if (target.status !== "ACTIVE" || target.role !== "SUPER_ADMIN") throw GuardError.notEligibleOwner();
}

/**
 * The owner hands ownership to an ACTIVE SUPER_ADMIN. One transaction moves the OWNER item and
 * both flags, conditioned on the caller still being the owner and the target still being an
 * ACTIVE SUPER_ADMIN: racing a deactivation of the target, one of the two fails, so the owner is
 * always an ACTIVE SUPER_ADMIN.
 */
export async function transferOwnership(deps: Deps, actor: Actor, userId: string, context: RequestContext): Promise<User> {
  requirePersonSuperAdmin(actor);
  if (!actor.isOwner) throw AuthError.forbidden();
  refuseSelf(actor, userId);
  const target = await readUser(deps, userId);
  checkNewOwner(target);
  await transact(deps.db, [
    {
      write: Write.update(deps.db, Keys.owner(), {
        UpdateExpression: "SET userId = :to",
        ConditionExpression: "userId = :from",
        ExpressionAttributeValues: { ":to": target.id, ":from": actor.id },
      }),
      onConflict: AuthError.forbidden,
    },
    {
      write: Write.update(deps.db, Keys.user(actor.id), {
        UpdateExpression: "SET isOwner = :false, version = version + :one",
        ConditionExpression: "isOwner = :true AND #status = :active",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":false": false, ":true": true, ":one": 1, ":active": "ACTIVE" },
      }),
      onConflict: AuthError.forbidden,
    },
    updateTarget(
      deps,
      target,
      {
        UpdateExpression: "SET isOwner = :true, version = version + :one",
        ConditionExpression: "#status = :active AND #role = :admin",
        ExpressionAttributeNames: { "#status": "status", "#role": "role" },
        ExpressionAttributeValues: { ":true": true, ":one": 1, ":active": "ACTIVE", ":admin": "SUPER_ADMIN" },
      },
      checkNewOwner,
    ),
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
