import { z } from "zod";
import type { Actor } from "../actor";
import { IndexKeys } from "../db/keys";
import { decodeCursor, PageQuery, queryPage, type Page } from "../db/page";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import { RoleSchema } from "./schemas";
import { toPublicUser, type User, type UserItem } from "./user";

export const UserListQuery = PageQuery.extend({
  status: z.enum(["INVITED", "ACTIVE", "DEACTIVATED"]).optional(),
  role: RoleSchema.optional(),
  q: z.string().trim().min(1).max(254).optional().meta({ description: "Case-insensitive prefix of the email or the display name." }),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#usr_[0-9a-z]+$/;

/**
 * The team, newest first, in one round trip. `status`, `role` and both together each have their
 * own index partition, so they read only matching users; `q` narrows what that partition reads.
 */
export async function list(deps: Pick<Deps, "db">, actor: Actor, query: UserListQuery): Promise<Page<User>> {
  requireSuperAdmin(actor);
  const { index, partition } = IndexKeys.teamPartition(query);
  const names: Record<string, string> = { "#pk": `${index}pk` };
  const values: Record<string, unknown> = { ":pk": partition };
  let filter: string | undefined;
  if (query.q) {
    names["#email"] = "emailLower";
    names["#name"] = "nameLower";
    values[":q"] = query.q.toLowerCase();
    filter = "begins_with(#email, :q) OR begins_with(#name, :q)";
  }
  let startKey: Record<string, string> | undefined;
  if (query.cursor) {
    const last = decodeCursor(query.cursor, SORT_KEY);
    startKey = { pk: `USER#${last.split("#")[1]}`, sk: "PROFILE", [`${index}pk`]: partition, [`${index}sk`]: last };
  }
  return queryPage(
    deps.db,
    {
      IndexName: index,
      KeyConditionExpression: "#pk = :pk",
      FilterExpression: filter,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: startKey,
    },
    (item) => toPublicUser(item as UserItem),
    (lastKey) => lastKey[`${index}sk`]!,
  );
}
