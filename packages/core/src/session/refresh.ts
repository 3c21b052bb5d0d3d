import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { newSecret, sha256 } from "../crypto/random";
import { Keys } from "../db/keys";
import { readItems } from "../db/read-items";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError, isDomainError } from "../error";
import type { UserItem } from "../user/user";
import { accessTokenFor, formatRefreshToken, parseRefreshToken, refreshMatches, sessionIsLive, type SessionItem, type Tokens } from "./session";

/**
 * Trades a refresh token for a new pair. The old one is spent by a condition on its hash. A
 * token that names a live session but is not its current one has been used before: somebody is
 * replaying it, so the whole session is revoked (OAuth 2.1 refresh-token rotation).
 */
export async function refresh(deps: Deps, refreshToken: string, context: RequestContext): Promise<Tokens> {
  const parsed = parseRefreshToken(refreshToken);
  if (!parsed) throw AuthError.invalidRefresh();
  const now = deps.clock.now();
  const userKey = Keys.user(parsed.userId);
  const sessionKey = Keys.session(parsed.userId, parsed.sessionId);
  const items = await readItems(deps.db, [userKey, sessionKey]);
  const user = items.find((item) => item.sk === userKey.sk) as UserItem | undefined;
  const session = items.find((item) => item.sk === sessionKey.sk) as SessionItem | undefined;

  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled || !sessionIsLive(session, user.sessionEpoch, now)) {
    throw AuthError.invalidRefresh();
  }
  if (!refreshMatches(session, parsed.secret)) {
    await revokeForReuse(deps, user, session, context);
    throw AuthError.invalidRefresh();
  }

  const secret = newSecret();
  try {
    await transact(deps.db, [
      {
        write: Write.update(deps.db, sessionKey, {
          UpdateExpression: "SET refreshHash = :new, lastRefreshedAt = :now",
          ConditionExpression: "refreshHash = :old AND attribute_not_exists(revokedAt)",
          ExpressionAttributeValues: { ":new": sha256(secret), ":old": session.refreshHash, ":now": now.toISOString() },
        }),
        onConflict: AuthError.invalidRefresh,
      },
    ]);
  } catch (error) {
    // Another request spent this token a moment ago: the same reuse, seen from the other side.
    if (isDomainError(error, "auth.invalid_refresh")) {
      await revokeForReuse(deps, user, session, context);
    }
    throw error;
  }
  return {
    accessToken: await accessTokenFor(deps, user.id, session.sessionId, now),
    refreshToken: formatRefreshToken(user.id, session.sessionId, secret),
    expiresIn: deps.settings.accessTokenTtlSeconds,
  };
}

async function revokeForReuse(deps: Deps, user: UserItem, session: SessionItem, context: RequestContext) {
  const now = deps.clock.now().toISOString();
  await transact(deps.db, [
    {
      write: Write.update(deps.db, Keys.session(session.userId, session.sessionId), {
        UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :now), revokedReason = if_not_exists(revokedReason, :reason)",
        ExpressionAttributeValues: { ":now": now, ":reason": "refresh_token_reuse" },
      }),
    },
    Audit.write(deps, {
      type: "SESSION_REVOKED",
      actor: { type: "system", id: "system:sign-in", name: "sign-in" },
      target: { type: "session", id: session.sessionId, email: user.email },
      changes: { reason: { before: null, after: "refresh_token_reuse" } },
      context,
    }),
  ]);
}
