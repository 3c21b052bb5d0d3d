import type { Actor, RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import * as Setup from "../setup";
import { deleteSetupToken } from "../store/setup-tokens";
import { transact, type GuardedWrite } from "../store/transact";
import { UserConditions, type UserItem } from "../store/users";
import { GuardError } from "./errors";
import { updateTarget } from "./guards";

function checkInvited(user: UserItem) {
  if (user.status !== "INVITED") throw GuardError.notInvited();
}

/**
 * Replaces an INVITED user's setup link. In one transaction the new token's hash is stored, the
 * user's live hash moves to it (conditioned on the user still being INVITED with the old hash) and
 * the old token's item is deleted, so the old link is dead the moment the new one exists. Racing a
 * completion of the old link, exactly one of the two wins.
 */
export async function renewSetupLink(deps: Deps, actor: Actor, user: UserItem, context: RequestContext, extra: GuardedWrite[] = []): Promise<Setup.IssuedSetupToken> {
  checkInvited(user);
  const setup = Setup.issueSetupToken(deps, user);
  await transact(deps.db, [
    ...extra,
    setup.write,
    updateTarget(
      deps,
      "users.renewSetupLink",
      user,
      { set: { setupTokenHash: setup.tokenHash, setupExpiresAt: setup.expiresAt.toISOString() } },
      UserConditions.invited,
      checkInvited,
    ),
    ...(user.setupTokenHash ? [deleteSetupToken(deps.db, user.setupTokenHash)] : []),
    Audit.write(deps, { type: "SETUP_LINK_REGENERATED", actor, target: { type: "user", id: user.id, email: user.email }, context }),
  ]);
  return setup;
}
