import type { Db } from "./client";
import { equals, exists, expr, path, update, type Expr } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { countPartition, query, readFirst } from "./read";
import { Write, type GuardedWrite } from "./transact";
import { decodeUser, normalizeEmail, type UserItem } from "./users";

/*
 * The reads of the SCIM Users resource. A directory finds a person by `userName` (their email)
 * before it provisions them: that is one Query of the email index. The team in creation order
 * (the team index's `USERS` partition, oldest first, so `startIndex` paging stays put while people
 * are added) serves an unfiltered list and the rarer `externalId`/`displayName` filters, which
 * read the team index with a filter: O(team), never a Scan. Index reads are eventually
 * consistent: a person created a moment ago may be missing from a list for as long.
 */

const TEAM = IndexKeys.team({ createdAt: "", id: "", status: "", role: "" }).gsi1pk;
const teamKey = () => equals("gsi1pk", TEAM);

/** The profile with this email (case-insensitively), if any. */
export async function findProfileByEmail(db: Db, email: string): Promise<UserItem | undefined> {
  const { items } = await query(db, { index: "email", key: expr`${path("emailLower")} = ${normalizeEmail(email)} AND ${path("sk")} = ${Keys.user("").sk}` }, decodeUser);
  return items[0];
}

/** The first `limit` profiles of the team, oldest first, that `filter` keeps (all without one). */
export const readTeam = (db: Db, limit: number, filter?: Expr): Promise<UserItem[]> => readFirst(db, { index: "gsi1", key: teamKey(), filter }, decodeUser, limit);

/** How many people the team has: a COUNT Query of the team index. */
export const countTeam = (db: Db): Promise<number> => countPartition(db, "gsi1", teamKey());

/**
 * A membership's copy of the person's email and name follows the directory's change of them, a
 * cleared name included (the setup's rename only ever sets one).
 */
export const renameMemberCopy = (db: Db, slug: string, userId: string, user: { email: string; displayName: string | null }, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "scim.renameMember", Keys.membership(slug, userId), update({ set: { "user.email": user.email, "user.displayName": user.displayName } }), {
    condition: exists(),
    onConflict,
  });

/**
 * The directory's token is still there when a change commits, not only when the request was
 * authenticated: once a revocation has answered, no change of a request that was under way lands.
 */
export const stillDirectory = (db: Db, tokenId: string, onConflict: () => Error): GuardedWrite =>
  Write.check(db, "scim.stillDirectory", Keys.scimToken(tokenId), { condition: exists(), onConflict });
