import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { authorize, stillAllowed, type Principal } from "../policy";
import { transact } from "../store/transact";
import { toPublicUser, updateNameEntry, UserConditions, type User, type UserItem } from "../store/users";
import { GuardError } from "./errors";
import { readTarget, refuseSelf, updateTarget } from "./guards";

function checkReset(target: UserItem) {
  if (target.status !== "ACTIVE") throw GuardError.notActive();
}

/**
 * Forgets the user's authenticator (a lost phone). Their sessions and tokens end at once; their
 * next sign-in with the right password leads to enrolling a new authenticator.
 */
export async function resetMfa(deps: Deps, principal: Principal, userId: string, context: RequestContext): Promise<User> {
  authorize(principal, "users:write");
  const { actor } = principal;
  refuseSelf(actor, userId);
  const target = await readTarget(deps, userId);
  checkReset(target);
  await transact(deps.db, [
    ...stillAllowed(deps.db, actor),
    updateTarget(
      deps,
      "users.resetMfa",
      target,
      { set: { mfaEnrolled: false }, remove: ["totpSecret", "totpLastStep"], add: { sessionEpoch: 1, tokenEpoch: 1 } },
      UserConditions.active,
      checkReset,
    ),
    ...updateNameEntry(deps.db, target, { mfaEnrolled: false }),
    Audit.write(deps, { type: "MFA_RESET", actor, target: { type: "user", id: target.id, email: target.email }, context }),
  ]);
  return toPublicUser({ ...target, mfaEnrolled: false });
}
