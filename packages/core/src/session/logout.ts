import type { Caller, RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { endSession } from "../store/sessions";
import { transact } from "../store/transact";

/**
 * Ends the caller's session: its access and refresh tokens stop working on their next use. A
 * personal access token or an API client's token has no session: there is nothing to end.
 */
export async function logout(deps: Pick<Deps, "db" | "clock">, actor: Caller, context: RequestContext): Promise<void> {
  if (actor.type !== "user" || !actor.sessionId) return;
  await transact(deps.db, [
    // A concurrent logout of the same session got there first: the caller is no longer signed in.
    endSession(deps.db, actor.id, actor.sessionId, deps.clock.now().toISOString(), AuthError.unauthenticated),
    Audit.write(deps, { type: "LOGOUT", actor, target: { type: "session", id: actor.sessionId, email: actor.email }, context }),
  ]);
}
