import type { Deps } from "../deps";
import { authorize, type Principal } from "../policy";
import { decodeCursor, encodeCursor, keyString, type Page } from "../store/page";
import { listScimTokens } from "../store/scim-tokens";
import type { ListScimTokensQuery } from "./schemas";
import { toPublic, type ScimToken } from "./token";

const SORT_KEY = /^TOKEN#scim_[0-9a-z]{24}$/;

/**
 * Every directory token still stored, newest first, in one round trip; expired ones too (with
 * their `expiresAt`) until TTL removes them, so an admin sees why a directory stopped syncing.
 */
export async function list(deps: Pick<Deps, "db">, principal: Principal, query: ListScimTokensQuery): Promise<Page<ScimToken>> {
  authorize(principal, "scim-token:read");
  const page = await listScimTokens(deps.db, { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor, SORT_KEY) : undefined });
  return { items: page.items.map(toPublic), nextCursor: page.lastKey ? encodeCursor(keyString(page.lastKey, "sk")) : null };
}
