import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, expr, path, projection, update } from "./expression";
import { Keys } from "./keys";
import { getItem, query } from "./read";
import { Write, type GuardedWrite } from "./transact";
import { updateItem } from "./write";

/**
 * A SCIM directory token: the bearer credential an identity provider (Okta, Entra ID) provisions
 * people with. It acts for the workspace, not for the admin who made it (a directory keeps working
 * when that admin leaves), so nothing ties its life to a person's. Only the secret's SHA-256 is
 * stored. Revoking deletes it: authentication then finds nothing.
 */
const ScimTokenSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("ScimToken"),
  tokenId: z.string(),
  name: z.string(),
  tokenHash: z.string(),
  createdAt: z.string(),
  /** Who made it: the record of who to ask about a directory's token (the audit event says it too). */
  createdBy: z.object({ id: z.string(), email: z.string() }),
  /** Null: it lasts until revoked. */
  expiresAt: z.string().nullable(),
  /** Absent until first use; then refreshed at most once a minute. */
  lastUsedAt: z.string().optional(),
  /** Only with `expiresAt`: TTL tidies up, authentication refuses from `expiresAt` on. */
  ttl: z.number().optional(),
});
export type ScimTokenItem = z.output<typeof ScimTokenSchema>;
export const decodeScimToken = decoder("SCIM token", ScimTokenSchema);

/** What a listing reads of a token: never its hash. */
const ListedScimTokenSchema = ScimTokenSchema.pick({ sk: true, tokenId: true, name: true, createdAt: true, createdBy: true, expiresAt: true, lastUsedAt: true });
export type ListedScimToken = z.output<typeof ListedScimTokenSchema>;
const decodeListedScimToken = decoder("SCIM token", ListedScimTokenSchema);

export const putScimToken = (db: Db, item: ScimTokenItem): GuardedWrite => Write.put(db, "scimTokens.create", item, { condition: absent() });

/** The one read of authentication: strongly consistent, so a token revoked a moment ago is gone. */
export const readScimToken = (db: Db, tokenId: string) => getItem(db, Keys.scimToken(tokenId), decodeScimToken);

/** Every stored token, newest first (ids are time-ordered), a page of them; one Query of their partition. */
export const listScimTokens = (db: Db, page: { limit: number; after?: string }) => {
  const pk = Keys.scimTokenPartition;
  return query(
    db,
    {
      key: expr`${path("pk")} = ${pk} AND begins_with(${path("sk")}, ${Keys.scimTokenPrefix})`,
      projection: projection("sk", "tokenId", "name", "createdAt", "createdBy", "expiresAt", "lastUsedAt"),
      descending: true,
      consistent: true,
      limit: page.limit,
      startKey: page.after ? { pk, sk: page.after } : undefined,
    },
    decodeListedScimToken,
  );
};

/** Revokes by deleting; an unknown id (or a second revocation) is `onConflict`'s "not found". */
export const deleteScimToken = (db: Db, tokenId: string, onConflict: () => Error): GuardedWrite =>
  Write.delete(db, "scimTokens.revoke", Keys.scimToken(tokenId), { condition: and(expr`attribute_exists(${path("pk")})`, equals("entity", "ScimToken")), onConflict });

/** Records a use, at most once per `staleBefore`; never recreates a token revoked a moment ago. */
export const recordScimTokenUse = (db: Db, tokenId: string, now: string, staleBefore: string) =>
  updateItem(
    db,
    "scimTokens.recordUse",
    Keys.scimToken(tokenId),
    update({ set: { lastUsedAt: now } }),
    and(expr`attribute_exists(${path("pk")})`, expr`(${absent("lastUsedAt")} OR ${path("lastUsedAt")} < ${staleBefore})`),
  );
