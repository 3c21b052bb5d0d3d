import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Keys } from "../db/keys";
import type { Deps } from "../deps";
import { UserError, type UserItem } from "./user";

/** One user's profile, read strongly consistent: admin decisions are taken on the latest state. */
export async function readUser(deps: Pick<Deps, "db">, userId: string): Promise<UserItem> {
  const { Item } = await deps.db.doc.send(new GetCommand({ TableName: deps.db.table, Key: Keys.user(userId), ConsistentRead: true }));
  if (!Item) throw UserError.notFound();
  return Item as UserItem;
}
