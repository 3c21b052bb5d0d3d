import type { Caller, RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";

/**
 * Ends the caller's session: its access and refresh tokens stop working on their next use. A
 * personal access token or an API client's token has no session: there is nothing to end.
 */
export async function logout(deps: Pick<Deps, "db" | "clock">, actor: Caller, context: RequestContext): Promise<void> {
  if (actor.type !== "user" || !actor.sessionId) return;
  await transact(deps.db, [
    {
      write: Write.update(deps.db, Keys.session(actor.id, actor.sessionId), {
        UpdateExpression: "SET revokedAt = :now, revokedReason = :reason",
        ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
        ExpressionAttributeValues: { ":now": deps.clock.now().toISOString(), ":reason": "logout" },
      }),
      // A concurrent logout of the same session got there first: the caller is no longer signed in.
      onConflict: AuthError.unauthenticated,
    },
    Audit.write(deps, { type: "LOGOUT", actor, target: { type: "session", id: actor.sessionId, email: actor.email }, context }),
  ]);
}
