import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { ServiceError } from "../error";
import type { Db } from "./client";
import type { Key } from "./keys";

/**
 * Reads a few items by key in one round trip, strongly consistent. DynamoDB may leave keys
 * unprocessed when throttled; reading that as "absent" would answer 401 or 404 for what exists,
 * so it is an outage (503) instead.
 */
export async function readItems(db: Db, keys: Key[]): Promise<Record<string, unknown>[]> {
  const { Responses, UnprocessedKeys } = await db.doc.send(
    new BatchGetCommand({ RequestItems: { [db.table]: { Keys: keys, ConsistentRead: true } } }),
  );
  if (UnprocessedKeys && Object.keys(UnprocessedKeys).length > 0) throw ServiceError.unavailable();
  return Responses?.[db.table] ?? [];
}
