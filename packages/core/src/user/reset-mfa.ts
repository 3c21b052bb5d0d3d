import type { Actor, RequestContext } from "../actor";
import * as Audit from "../audit";
import { transact } from "../db/transact";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { GuardError } from "./errors";
import { actorIsStillAdmin, refuseSelf, updateTarget } from "./guards";
import { updateNameEntry } from "./name-entry";
import { readUser } from "./read";
import { toPublicUser, type User, type UserItem } from "./user";

function checkReset(target: UserItem) {
  if (target.status !== "ACTIVE") throw GuardError.notActive();
}

/**
 * Forgets the user's authenticator (a lost phone). Their sessions and tokens end at once; their
 * next sign-in with the right password leads to enrolling a new authenticator.
 */
export async function resetMfa(deps: Deps, actor: Actor, userId: string, context: RequestContext): Promise<User> {
  requireSuperAdmin(actor, "users:write");
  refuseSelf(actor, userId);
  const target = await readUser(deps, userId);
  checkReset(target);
  await transact(deps.db, [
    ...actorIsStillAdmin(deps, actor),
    updateTarget(
      deps,
      target,
      {
        UpdateExpression:
          "SET mfaEnrolled = :false, version = version + :one REMOVE totpSecret, totpLastStep ADD sessionEpoch :one, tokenEpoch :one",
        ConditionExpression: "#status = :active",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":false": false, ":one": 1, ":active": "ACTIVE" },
      },
      checkReset,
    ),
    ...updateNameEntry(deps.db, target, { mfaEnrolled: false }),
    Audit.write(deps, { type: "MFA_RESET", actor, target: { type: "user", id: target.id, email: target.email }, context }),
  ]);
  return toPublicUser({ ...target, mfaEnrolled: false });
}
