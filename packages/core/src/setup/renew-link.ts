import type { Actor, RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { GuardError } from "../user/errors";
import { explainConflict } from "../user/guards";
import type { UserItem } from "../user/user";
import { issueSetupToken, type IssuedSetupToken } from "./setup-token";

function checkInvited(user: UserItem) {
  if (user.status !== "INVITED") throw GuardError.notInvited();
}

/**
 * Replaces an INVITED user's setup link. In one transaction the new token's hash is stored, the
 * user's live hash moves to it (conditioned on the user still being INVITED with the old hash) and
 * the old token's item is deleted, so the old link is dead the moment the new one exists. Racing a
 * completion of the old link, exactly one of the two wins.
 */
export async function renewSetupLink(
  deps: Deps,
  actor: Actor,
  user: UserItem,
  context: RequestContext,
  extra: Parameters<typeof transact>[1] = [],
): Promise<IssuedSetupToken> {
  checkInvited(user);
  const setup = issueSetupToken(deps, user);
  await transact(deps.db, [
    ...extra,
    setup.write,
    {
      write: Write.update(deps.db, Keys.user(user.id), {
        UpdateExpression: "SET setupTokenHash = :hash, setupExpiresAt = :expires, version = version + :one",
        ConditionExpression: "#status = :invited AND version = :version",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: {
          ":hash": setup.tokenHash,
          ":expires": setup.expiresAt.toISOString(),
          ":one": 1,
          ":invited": "INVITED",
          ":version": user.version,
        },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      onConflict: (current) => explainConflict(current as UserItem | undefined, checkInvited),
    },
    ...(user.setupTokenHash ? [{ write: Write.delete(deps.db, Keys.setupToken(user.setupTokenHash)) }] : []),
    Audit.write(deps, { type: "SETUP_LINK_REGENERATED", actor, target: { type: "user", id: user.id, email: user.email }, context }),
  ]);
  return setup;
}
