import type { Deps } from "../deps";
import { authorize, ownAccount, type Principal } from "../policy";
import { decodeCursor, encodeCursor, keyString, type Page } from "../store/page";
import { listPersonalTokens } from "../store/personal-tokens";
import type { ListPersonalTokensQuery } from "./schemas";
import { toPublic, type PersonalToken } from "./token";

const SORT_KEY = /^PAT#pat_[0-9a-z]{24}$/;

/** The caller's live tokens, newest first, in one round trip (a page may hold fewer than `limit` while `nextCursor` is not null). */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: ListPersonalTokensQuery): Promise<Page<PersonalToken>> {
  authorize(principal, "account:manage");
  const account = ownAccount(principal);
  const page = await listPersonalTokens(deps.db, account.id, {
    now: deps.clock.now().toISOString(),
    epoch: account.tokenEpoch,
    limit: query.limit,
    after: query.cursor ? decodeCursor(query.cursor, SORT_KEY) : undefined,
  });
  return { items: page.items.map(toPublic), nextCursor: page.lastKey ? encodeCursor(keyString(page.lastKey, "sk")) : null };
}
