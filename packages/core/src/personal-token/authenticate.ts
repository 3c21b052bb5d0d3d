import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { Actor } from "../actor";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Keys } from "../db/keys";
import { readItems } from "../db/read-items";
import { inBackground } from "../db/round-trips";
import { describeError } from "../log";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { scopedKeys, scopedMembership, type AuthScope } from "../membership/scope";
import type { Principal } from "../session/authenticate";
import type { UserItem } from "../user/user";
import { parsePersonalToken, personalTokenIsLive, personalTokenMatches, type PersonalTokenItem } from "./token";

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
export async function authenticatePersonalToken(deps: Pick<Deps, "db" | "clock" | "log">, token: string, scope: AuthScope = {}): Promise<Principal> {
  const parsed = parsePersonalToken(token);
  if (!parsed) throw AuthError.unauthenticated();
  const now = deps.clock.now();
  const userKey = Keys.user(parsed.userId);
  const tokenKey = Keys.personalToken(parsed.userId, parsed.tokenId);
  const items = await readItems(deps.db, [userKey, tokenKey, ...scopedKeys(parsed.userId, scope)]);
  const user = items.find((item) => item.sk === userKey.sk) as UserItem | undefined;
  const item = items.find((entry) => entry.sk === tokenKey.sk) as PersonalTokenItem | undefined;

  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  if (!personalTokenIsLive(item, user.tokenEpoch, now) || !personalTokenMatches(item, parsed.secret)) {
    throw AuthError.unauthenticated();
  }
  if (!item.lastUsedAt || now.getTime() - Date.parse(item.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
    inBackground(
      () => recordUse(deps, item, now),
      (error) => deps.log.warn("personal token use not recorded", { tokenId: item.tokenId, ...describeError(error) }),
    );
  }
  return {
    actor: Actor.user(user, null),
    user,
    membership: scopedMembership(items, user.id, scope),
  };
}

async function recordUse(deps: Pick<Deps, "db">, item: PersonalTokenItem, now: Date): Promise<void> {
  try {
    await deps.db.doc.send(
      new UpdateCommand({
        TableName: deps.db.table,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: "SET lastUsedAt = :now",
        // Never recreate a token revoked a moment ago; of parallel first uses one write is enough.
        ConditionExpression: "attribute_exists(pk) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :stale)",
        ExpressionAttributeValues: { ":now": now.toISOString(), ":stale": new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString() },
      }),
    );
  } catch (error) {
    // Another request recorded this minute's use, or the token was just revoked: nothing to record.
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
