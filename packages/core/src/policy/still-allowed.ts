import { actingUserId, type Caller } from "../actor";
import { AuthError } from "../error";
import { stillActiveClient } from "../store/api-clients";
import type { Db } from "../store/client";
import type { GuardedWrite } from "../store/transact";
import { stillActiveAdmin } from "../store/users";

/**
 * The conditions that keep an admin action allowed until it commits, not only when it was asked:
 * the acting person (or a USER client's creator) is still an ACTIVE SUPER_ADMIN, and an API client
 * is still enabled. Checked in the action's own transaction, so a deactivation racing it wins or loses whole.
 */
export function stillAllowed(db: Db, actor: Caller): GuardedWrite[] {
  const userId = actingUserId(actor);
  return [
    ...(actor.type === "api_client" ? [stillActiveClient(db, actor.id, AuthError.unauthenticated)] : []),
    ...(userId ? [stillActiveAdmin(db, userId, AuthError.forbidden)] : []),
  ];
}
