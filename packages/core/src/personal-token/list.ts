import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Keys } from "../db/keys";
import { decodeCursor, encodeCursor, type Page } from "../db/page";
import type { Deps } from "../deps";
import { requirePersonPrincipal } from "../policy";
import type { Principal } from "../session/authenticate";
import type { ListPersonalTokensQuery } from "./schemas";
import { toPublicPersonalToken, type PersonalToken, type PersonalTokenItem } from "./token";

const SORT_KEY = /^PAT#pat_[0-9a-z]{24}$/;

/**
 * The caller's live tokens, newest first, in one round trip: a query of the user's own partition
 * (never another's: the partition comes from the principal, the cursor only carries a sort key).
 * Expired tokens and tokens cut by a mass revocation stay in the table until TTL removes them, so
 * they are filtered out here; a page may then hold fewer than `limit` while `nextCursor` is not null.
 */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: ListPersonalTokensQuery): Promise<Page<PersonalToken>> {
  requirePersonPrincipal(principal);
  const { user } = principal;
  const now = deps.clock.now().toISOString();
  const pk = Keys.user(user.id).pk;
  const epoch = user.tokenEpoch ?? 0;
  const result = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      FilterExpression: "expiresAt > :now AND epoch = :epoch",
      // The hash never leaves the table for a listing.
      ProjectionExpression: "pk, sk, tokenId, #name, createdAt, expiresAt, lastUsedAt",
      ExpressionAttributeNames: { "#name": "name" },
      ExpressionAttributeValues: { ":pk": pk, ":prefix": Keys.personalTokenPrefix, ":now": now, ":epoch": epoch },
      ScanIndexForward: false,
      ConsistentRead: true,
      Limit: query.limit,
      ExclusiveStartKey: query.cursor ? { pk, sk: decodeCursor(query.cursor, SORT_KEY) } : undefined,
    }),
  );
  const lastKey = result.LastEvaluatedKey as { sk: string } | undefined;
  return {
    items: ((result.Items ?? []) as PersonalTokenItem[]).map(toPublicPersonalToken),
    nextCursor: lastKey ? encodeCursor(lastKey.sk) : null,
  };
}
