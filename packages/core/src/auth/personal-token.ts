import { Actor } from "../actor";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { describeError } from "../log";
import * as PersonalToken from "../personal-token";
import { epochSeconds } from "../clock";
import { PERSON_CLIENT_ID } from "../tokens/access-token";
import type { Authenticated } from "./credential";
import { Keys } from "../store/keys";
import { decodePersonalToken, recordTokenUse, type PersonalTokenItem } from "../store/personal-tokens";
import { batchGet } from "../store/read";
import { inBackground } from "../store/round-trips";
import { isConditionFailed } from "../store/transact";
import { decodeUser } from "../store/users";
import { scopedKeys, scopedMembership, toAccount, type AuthScope } from "./account";

/**
 * `lastUsedAt` is kept to the minute, and written in the background: API.md allows authentication
 * one round trip, and the answer does not depend on the bookkeeping. It is best effort (in Lambda
 * a write still in flight when the container is frozen may be lost), which is what a "last used"
 * indicator needs; at most one write per token per minute.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * A personal access token as a bearer credential: the profile and the token item in one BatchGet,
 * then the same checks as a session (active, enrolled user) plus the token's own (exists, the
 * secret matches in constant time, not expired at this instant, not cut by a mass revocation).
 * The actor is the user, without a session.
 */
export async function authenticatePersonalToken(deps: Pick<Deps, "db" | "clock" | "log">, token: string, scope: AuthScope = {}): Promise<Authenticated> {
  const parsed = PersonalToken.parse(token);
  if (!parsed) throw AuthError.unauthenticated();
  const now = deps.clock.now();
  const tokenKey = Keys.personalToken(parsed.userId, parsed.tokenId);
  const items = await batchGet(deps.db, [Keys.user(parsed.userId), tokenKey, ...scopedKeys(parsed.userId, scope)]);
  const user = items.get(Keys.user(parsed.userId), decodeUser);
  const item = items.get(tokenKey, decodePersonalToken);
  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  if (!PersonalToken.isLive(item, user.tokenEpoch, now) || !PersonalToken.matches(item, parsed.secret)) throw AuthError.unauthenticated();
  if (!item.lastUsedAt || now.getTime() - Date.parse(item.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
    inBackground(
      () => recordUse(deps, item, now),
      (error) => deps.log.warn("personal token use not recorded", { tokenId: item.tokenId, ...describeError(error) }),
    );
  }
  return {
    principal: { actor: Actor.user(user, null), account: toAccount(user), membership: scopedMembership(items, user.id, scope) },
    credential: { subject: user.id, clientId: PERSON_CLIENT_ID, scopes: null, issuedAt: epochSeconds(new Date(item.createdAt)), expiresAt: epochSeconds(new Date(item.expiresAt)), jti: null },
  };
}

async function recordUse(deps: Pick<Deps, "db">, item: PersonalTokenItem, now: Date): Promise<void> {
  try {
    await recordTokenUse(deps.db, item, now.toISOString(), new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString());
  } catch (error) {
    // Another request recorded this minute's use, or the token was just revoked: nothing to record.
    if (!isConditionFailed(error)) throw error;
  }
}
