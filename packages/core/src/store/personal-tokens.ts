import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, expr, path, projection, update } from "./expression";
import { Keys } from "./keys";
import { query } from "./read";
import { Write, type GuardedWrite } from "./transact";
import { updateItem } from "./write";

/**
 * A personal access token: a long-lived bearer credential a user makes for scripts. It sits beside
 * the user's profile (`USER#<id>` / `PAT#<tokenId>`) and the token string names both, so
 * authenticating with it is one BatchGet, like a session. Only the secret's SHA-256 is stored.
 */
const PersonalTokenSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("PersonalToken"),
  tokenId: z.string(),
  userId: z.string(),
  name: z.string(),
  tokenHash: z.string(),
  createdAt: z.string(),
  /** The user's token epoch at creation: a mass revocation moves the user's on and leaves this one dead. */
  epoch: z.number(),
  expiresAt: z.string(),
  /** Absent until first use; then refreshed at most once a minute. */
  lastUsedAt: z.string().optional(),
  ttl: z.number(),
});
export type PersonalTokenItem = z.output<typeof PersonalTokenSchema>;
export const decodePersonalToken = decoder("personal access token", PersonalTokenSchema);

/** What a listing reads of a token: never its hash. */
const ListedTokenSchema = PersonalTokenSchema.pick({ sk: true, tokenId: true, name: true, createdAt: true, expiresAt: true, lastUsedAt: true });
export type ListedToken = z.output<typeof ListedTokenSchema>;
const decodeListedToken = decoder("personal access token", ListedTokenSchema);

export const putPersonalToken = (db: Db, item: PersonalTokenItem): GuardedWrite => Write.put(db, "personalTokens.create", item, { condition: absent() });

const liveAt = (now: string, epoch: number) => and(expr`${path("expiresAt")} > ${now}`, equals("epoch", epoch))!;

/**
 * A user's live tokens, newest first, a page of them: the user's own partition (never another's:
 * the partition comes from the caller, a cursor only carries a sort key). Expired and cut tokens
 * stay until TTL removes them, so they are filtered out: a page may hold fewer than `limit`.
 */
export const listPersonalTokens = (db: Db, userId: string, page: { now: string; epoch: number; limit: number; after?: string }) => {
  const pk = Keys.user(userId).pk;
  return query(
    db,
    {
      key: expr`${path("pk")} = ${pk} AND begins_with(${path("sk")}, ${Keys.personalTokenPrefix})`,
      filter: liveAt(page.now, page.epoch),
      projection: projection("sk", "tokenId", "name", "createdAt", "expiresAt", "lastUsedAt"),
      descending: true,
      consistent: true,
      limit: page.limit,
      startKey: page.after ? { pk, sk: page.after } : undefined,
    },
    decodeListedToken,
  );
};

/** Revokes by deleting, only a live token of the caller's own: every other case is the same "not found". */
export const deletePersonalToken = (db: Db, userId: string, tokenId: string, now: string, epoch: number, onConflict: () => Error): GuardedWrite =>
  Write.delete(db, "personalTokens.revoke", Keys.personalToken(userId, tokenId), { condition: and(expr`attribute_exists(${path("pk")})`, liveAt(now, epoch)), onConflict });

/** Records a use, at most once per `staleBefore`; never recreates a token revoked a moment ago. */
export const recordTokenUse = (db: Db, item: PersonalTokenItem, now: string, staleBefore: string) =>
  updateItem(
    db,
    "personalTokens.recordUse",
    { pk: item.pk, sk: item.sk },
    update({ set: { lastUsedAt: now } }),
    and(expr`attribute_exists(${path("pk")})`, expr`(${absent("lastUsedAt")} OR ${path("lastUsedAt")} < ${staleBefore})`),
  );
