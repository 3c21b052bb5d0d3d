import { Keys, IndexKeys } from "../db/keys";
import { Write, type GuardedWrite } from "../db/transact";
import type { Db } from "../db/client";
import type { User } from "./user";

/**
 * The team search (`q`) matches a prefix of the email or of the display name. An item has one
 * entry per index, so the profile is indexed by its email and this second item, beside it, by the
 * name. It carries the public fields of the user so a search answers from the index alone (one
 * round trip); every write that changes a public field of a user who has a name (who completed
 * setup) changes the same field here, in the same transaction.
 */
export type NameEntryItem = User & { pk: string; sk: string; entity: "UserNameEntry"; gsi5pk: string; gsi5sk: string };

export function putNameEntry(db: Db, user: User & { displayName: string }): GuardedWrite {
  const item: NameEntryItem = { ...Keys.userName(user.id), ...IndexKeys.teamSearch(user.displayName, user.id), entity: "UserNameEntry", ...user };
  return { write: Write.put(db, item) };
}

type PublicFields = Partial<Omit<User, "id" | "email" | "displayName">>;

/** The public fields changed on the profile, changed here too. Nothing to do for a user without a name yet. */
export function updateNameEntry(db: Db, user: { id: string; displayName: string | null }, fields: PublicFields): GuardedWrite[] {
  return user.displayName ? [nameEntryUpdate(db, user.id, fields)] : [];
}

/** For a user known to have completed setup (an active caller), whose profile was not read. */
export function nameEntryUpdate(db: Db, userId: string, fields: PublicFields): GuardedWrite {
  const entries = Object.entries(fields);
  return {
    write: Write.update(db, Keys.userName(userId), {
      // No existence condition: an entry missing for some reason must not block an admin action; a
      // partial item written instead carries no index key and is never found.
      UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
      ExpressionAttributeNames: Object.fromEntries(entries.map(([field], i) => [`#f${i}`, field])),
      ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], i) => [`:v${i}`, value])),
    }),
  };
}

export const deleteNameEntry = (db: Db, userId: string): GuardedWrite => ({ write: Write.delete(db, Keys.userName(userId)) });
