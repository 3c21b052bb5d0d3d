import { Actor, type DirectoryActor } from "../actor";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { describeError } from "../log";
import { inBackground } from "../store/round-trips";
import { readScimToken, recordScimTokenUse } from "../store/scim-tokens";
import { isConditionFailed } from "../store/transact";
import { isLive, matches, parse, type ScimTokenItem } from "./token";

/**
 * `lastUsedAt` is kept to the minute and written in the background, as for personal access
 * tokens: authentication costs one round trip, and the answer does not depend on the bookkeeping.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * A directory token as the bearer credential of `/scim/v2`: one strongly consistent GetItem by the
 * id the token names, then the secret is compared with the stored hash in constant time and the
 * expiry checked at this instant. A revoked token is deleted, so it is refused on the next request.
 * Anything else (a personal access token, an access token, garbage) is refused before any read.
 */
export async function authenticate(deps: Pick<Deps, "db" | "clock" | "log">, token: string): Promise<DirectoryActor> {
  const parsed = parse(token);
  if (!parsed) throw AuthError.unauthenticated();
  const now = deps.clock.now();
  const item = await readScimToken(deps.db, parsed.tokenId);
  if (!isLive(item, now) || !matches(item, parsed.secret)) throw AuthError.unauthenticated();
  if (!item.lastUsedAt || now.getTime() - Date.parse(item.lastUsedAt) >= LAST_USED_RESOLUTION_MS) {
    inBackground(
      () => recordUse(deps, item, now),
      (error) => deps.log.warn("SCIM token use not recorded", { tokenId: item.tokenId, ...describeError(error) }),
    );
  }
  return Actor.directory({ id: item.tokenId, name: item.name });
}

async function recordUse(deps: Pick<Deps, "db">, item: ScimTokenItem, now: Date): Promise<void> {
  try {
    await recordScimTokenUse(deps.db, item.tokenId, now.toISOString(), new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString());
  } catch (error) {
    // Another request recorded this minute's use, or the token was just revoked: nothing to record.
    if (!isConditionFailed(error)) throw error;
  }
}
