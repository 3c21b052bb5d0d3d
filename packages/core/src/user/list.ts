import { z } from "zod";
import type { Deps } from "../deps";
import { authorize, type Principal } from "../policy";
import { and, equals, expr, path } from "../store/expression";
import { IndexKeys, Keys } from "../store/keys";
import { decodeCursor, invalidCursor, keyString, PageQuery, queryPage, type Page } from "../store/page";
import { decodeTeamMember, teamProjection, type User } from "../store/users";
import { RoleSchema } from "./schemas";

export const UserListQuery = PageQuery.extend({
  status: z.enum(["INVITED", "ACTIVE", "DEACTIVATED"]).optional(),
  role: RoleSchema.optional(),
  q: z.string().trim().min(1).max(254).optional().meta({ description: "Case-insensitive prefix of the email or the display name." }),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

const TEAM_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#usr_[0-9a-z]+$/;
/** `e:` or `n:` (an email or a name entry), then the entry's search sort key. */
const SEARCH_CURSOR = /^[en]:[^\n]{1,320}#usr_[0-9a-z]+$/;
const SEARCH_PARTITION = IndexKeys.teamSearch("", "").gsi5pk;

/**
 * The team in one round trip. Without `q`: newest first, and `status`, `role` or both read only
 * their own index partition. With `q`: the search index, where each user is found by their email
 * and by their display name, ordered by the matched text; `status` and `role` then narrow what the
 * search read.
 */
export async function list(deps: Pick<Deps, "db">, principal: Principal, query: UserListQuery): Promise<Page<User>> {
  authorize(principal, "users:read");
  return query.q ? search(deps, query, query.q) : team(deps, query);
}

async function team(deps: Pick<Deps, "db">, query: UserListQuery): Promise<Page<User>> {
  const { index, partition } = IndexKeys.teamPartition(query);
  const last = query.cursor ? decodeCursor(query.cursor, TEAM_SORT_KEY) : undefined;
  return queryPage(
    deps.db,
    {
      index,
      key: equals(`${index}pk`, partition),
      descending: true,
      limit: query.limit,
      startKey: last ? { ...Keys.user(IndexKeys.userIdOf(last)), [`${index}pk`]: partition, [`${index}sk`]: last } : undefined,
      projection: teamProjection(),
    },
    decodeTeamMember,
    (lastKey) => keyString(lastKey, `${index}sk`),
  );
}

async function search(deps: Pick<Deps, "db">, query: UserListQuery, q: string): Promise<Page<User>> {
  let startKey: Record<string, string> | undefined;
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, SEARCH_CURSOR);
    const sortKey = cursor.slice(2);
    // A cursor of another search starts outside this one's prefix, which DynamoDB refuses.
    if (!sortKey.startsWith(q.toLowerCase())) throw invalidCursor();
    const userId = IndexKeys.userIdOf(sortKey);
    startKey = { ...(cursor.startsWith("n:") ? Keys.userName(userId) : Keys.user(userId)), gsi5pk: SEARCH_PARTITION, gsi5sk: sortKey };
  }
  const page = await queryPage(
    deps.db,
    {
      index: "gsi5",
      key: expr`${path("gsi5pk")} = ${SEARCH_PARTITION} AND begins_with(${path("gsi5sk")}, ${q.toLowerCase()})`,
      filter: and(query.status ? equals("status", query.status) : undefined, query.role ? equals("role", query.role) : undefined),
      limit: query.limit,
      startKey,
      projection: teamProjection(),
    },
    decodeTeamMember,
    (lastKey) => `${lastKey.sk === "NAME" ? "n" : "e"}:${keyString(lastKey, "gsi5sk")}`,
  );
  // A user whose email and name both start with `q` is found twice: once is enough.
  const seen = new Set<string>();
  return { ...page, items: page.items.filter((user) => !seen.has(user.id) && seen.add(user.id)) };
}
