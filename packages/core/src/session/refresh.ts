import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { newSecret, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { AuthError, isDomainError } from "../error";
import { Keys } from "../store/keys";
import { batchGet } from "../store/read";
import { decodeSession, revokeSession, rotateRefresh, type SessionItem } from "../store/sessions";
import { transact } from "../store/transact";
import { decodeUser, type UserItem } from "../store/users";
import { parseRefreshToken, refreshMatches, sessionIsLive, tokensFor, type Tokens } from "./session";

/**
 * Trades a refresh token for a new pair. The old one is spent by a condition on its hash. A
 * token that names a live session but is not its current one has been used before: somebody is
 * replaying it, so the whole session is revoked (OAuth 2.1 refresh-token rotation).
 */
export async function refresh(deps: Deps, refreshToken: string, context: RequestContext): Promise<Tokens> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) throw AuthError.invalidRefresh();
  const now = deps.clock.now();
  const items = await batchGet(deps.db, [Keys.user(parsed.userId), Keys.session(parsed.userId, parsed.sessionId)]);
  const user = items.get(Keys.user(parsed.userId), decodeUser);
  const session = items.get(Keys.session(parsed.userId, parsed.sessionId), decodeSession);

  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled || !sessionIsLive(session, user.sessionEpoch, now)) throw AuthError.invalidRefresh();
  // A console session's secret is its cookie's: it never becomes API tokens.
  if (session.kind === "console") throw AuthError.invalidRefresh();
  if (!refreshMatches(session, parsed.secret)) {
    await revokeForReuse(deps, user, session, context);
    throw AuthError.invalidRefresh();
  }

  const secret = newSecret();
  try {
    await transact(deps.db, [rotateRefresh(deps.db, session, sha256(secret), now.toISOString(), AuthError.invalidRefresh)]);
  } catch (error) {
    // Another request spent this token a moment ago: the same reuse, seen from the other side.
    if (isDomainError(error, "auth.invalid_refresh")) await revokeForReuse(deps, user, session, context);
    throw error;
  }
  return tokensFor(deps, user, session.sessionId, secret, now);
}

async function revokeForReuse(deps: Deps, user: UserItem, session: SessionItem, context: RequestContext) {
  await transact(deps.db, [
    revokeSession(deps.db, session.userId, session.sessionId, deps.clock.now().toISOString(), "refresh_token_reuse"),
    Audit.write(deps, {
      type: "SESSION_REVOKED",
      actor: { type: "system", id: "system:sign-in", name: "sign-in" },
      target: { type: "session", id: session.sessionId, email: user.email },
      changes: { reason: { before: null, after: "refresh_token_reuse" } },
      context,
    }),
  ]);
}
