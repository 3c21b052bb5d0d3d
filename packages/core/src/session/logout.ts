import { Actor, type Caller, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { AuthError, isDomainError } from "../error";
import { Keys } from "../store/keys";
import { batchGet } from "../store/read";
import { decodeSession, endSession } from "../store/sessions";
import { transact } from "../store/transact";
import { decodeUser } from "../store/users";
import { parseRefreshToken, refreshMatches, sessionIsLive } from "./session";

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

/**
 * Ends the session a refresh token belongs to, for RFC 7009 revocation: the token is the proof, as
 * it is at refresh. Anything that is not a live API session's current refresh token ends nothing
 * (an unknown, spent or console token is answered the same by the endpoint); a concurrent end of
 * the same session has already done the work.
 */
export async function logoutByRefreshToken(deps: Pick<Deps, "db" | "clock">, refreshToken: string, context: RequestContext): Promise<void> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) return;
  const now = deps.clock.now();
  const items = await batchGet(deps.db, [Keys.user(parsed.userId), Keys.session(parsed.userId, parsed.sessionId)]);
  const user = items.get(Keys.user(parsed.userId), decodeUser);
  const session = items.get(Keys.session(parsed.userId, parsed.sessionId), decodeSession);
  if (!user || !sessionIsLive(session, user.sessionEpoch, now) || session.kind === "console" || !refreshMatches(session, parsed.secret)) return;
  try {
    await logout(deps, Actor.user(user, session.sessionId), context);
  } catch (error) {
    if (!isDomainError(error, "auth.unauthenticated")) throw error;
  }
}
