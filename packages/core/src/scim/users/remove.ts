import type { DirectoryActor, RequestContext } from "../../actor";
import * as Audit from "../../audit";
import type { Deps } from "../../deps";
import { AuthError } from "../../error";
import { stillDirectory } from "../../store/scim-users";
import { transact } from "../../store/transact";
import * as User from "../../user";
import { refuseUnmanaged } from "./managed";

/**
 * DELETE: the admin's removal, the same writes (the profile and email claim go, the email is free,
 * the history stays, every session, token and USER client fails from the next request), recorded
 * as USER_DEPROVISIONED by the directory. Never the owner, never a person invited in Roster.
 */
export async function remove(deps: Pick<Deps, "db" | "clock">, actor: DirectoryActor, userId: string, context: RequestContext): Promise<void> {
  const target = await User.readTarget(deps, userId);
  refuseUnmanaged(target, { cutsOff: true });
  await transact(deps.db, [
    stillDirectory(deps.db, actor.id, AuthError.unauthenticated),
    ...User.removal(deps, target),
    Audit.write(deps, { type: "USER_DEPROVISIONED", actor, target: { type: "user", id: target.id, email: target.email }, changes: null, context }),
  ]);
}
