import { Keys } from "../db/keys";
import { Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";

/** The acting client must still be enabled when a change it asked for commits. */
export function clientStillActive(deps: Pick<Deps, "db">, clientId: string): GuardedWrite {
  return {
    write: Write.check(deps.db, Keys.apiClient(clientId), {
      ConditionExpression: "#status = :active",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":active": "ACTIVE" },
    }),
    // Disabled a moment ago: its token stopped working with it.
    onConflict: AuthError.unauthenticated,
  };
}
