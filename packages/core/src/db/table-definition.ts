/**
 * The table's shape, shared by the local runtime (CreateTable on DynamoDB Local) and the stack,
 * so the two cannot drift.
 */
export const TABLE_KEY = { partitionKey: "pk", sortKey: "sk" } as const;
export const TTL_ATTRIBUTE = "ttl";

export const GLOBAL_INDEXES = [{ name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" }] as const;
