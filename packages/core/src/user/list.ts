import { z } from "zod";
import type { Actor } from "../actor";
import { IndexKeys, Keys } from "../db/keys";
import { decodeCursor, PageError, PageQuery, queryPage, type Page } from "../db/page";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import type { NameEntryItem } from "./name-entry";
import { RoleSchema } from "./schemas";
import { toPublicUser, type User, type UserItem } from "./user";

export const UserListQuery = PageQuery.extend({
  status: z.enum(["INVITED", "ACTIVE", "DEACTIVATED"]).optional(),
  role: RoleSchema.optional(),
  q: z.string().trim().min(1).max(254).optional().meta({ description: "Case-insensitive prefix of the email or the display name." }),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

const TEAM_SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#usr_[0-9a-z]+$/;
/** `e:` or `n:` (an email or a name entry), then the entry's search sort key. */
const SEARCH_CURSOR = /^[en]:[^\n]{1,320}#usr_[0-9a-z]+$/;

/** A profile or a name entry, as the public user it stands for. */
function asUser(item: Record<string, unknown>): User {
  if (item.entity === "UserNameEntry") {
    const { pk: _pk, sk: _sk, entity: _entity, gsi5pk: _gpk, gsi5sk: _gsk, ...user } = item as NameEntryItem;
    return user;
  }
  return toPublicUser(item as UserItem);
}

/**
 * The team in one round trip. Without `q`: newest first, and `status`, `role` or both read only
 * their own index partition. With `q`: the search index, where each user is found by their email
 * and by their display name, ordered by the matched text; `status` and `role` then narrow what the
 * search read.
 */
export async function list(deps: Pick<Deps, "db">, actor: Actor, query: UserListQuery): Promise<Page<User>> {
  requireSuperAdmin(actor, "users:read");
  return query.q ? search(deps, query, query.q) : team(deps, query);
}

async function team(deps: Pick<Deps, "db">, query: UserListQuery): Promise<Page<User>> {
  const { index, partition } = IndexKeys.teamPartition(query);
  const last = query.cursor ? decodeCursor(query.cursor, TEAM_SORT_KEY) : undefined;
  return queryPage(
    deps.db,
    {
      IndexName: index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": `${index}pk` },
      ExpressionAttributeValues: { ":pk": partition },
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: last ? { ...Keys.user(last.split("#")[1]!), [`${index}pk`]: partition, [`${index}sk`]: last } : undefined,
    },
    asUser,
    (lastKey) => lastKey[`${index}sk`]!,
  );
}

async function search(deps: Pick<Deps, "db">, query: UserListQuery, q: string): Promise<Page<User>> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ":pk": "USERS#SEARCH", ":q": q.toLowerCase() };
  const filters: string[] = [];
  if (query.status) {
    names["#status"] = "status";
    values[":status"] = query.status;
    filters.push("#status = :status");
  }
  if (query.role) {
    names["#role"] = "role";
    values[":role"] = query.role;
    filters.push("#role = :role");
  }
  let startKey: Record<string, string> | undefined;
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor, SEARCH_CURSOR);
    const sortKey = cursor.slice(2);
    // A cursor of another search starts outside this one's prefix, which DynamoDB refuses.
    if (!sortKey.startsWith(q.toLowerCase())) throw PageError.invalidCursor();
    const userId = sortKey.slice(sortKey.lastIndexOf("#") + 1);
    startKey = { ...(cursor.startsWith("n:") ? Keys.userName(userId) : Keys.user(userId)), gsi5pk: "USERS#SEARCH", gsi5sk: sortKey };
  }
  const page = await queryPage(
    deps.db,
    {
      IndexName: "gsi5",
      KeyConditionExpression: "gsi5pk = :pk AND begins_with(gsi5sk, :q)",
      FilterExpression: filters.length ? filters.join(" AND ") : undefined,
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: values,
      Limit: query.limit,
      ExclusiveStartKey: startKey,
    },
    asUser,
    (lastKey) => `${lastKey.sk === "NAME" ? "n" : "e"}:${lastKey.gsi5sk}`,
  );
  // A user whose email and name both start with `q` is found twice: once is enough.
  const seen = new Set<string>();
  return { ...page, items: page.items.filter((user) => !seen.has(user.id) && seen.add(user.id)) };
}
