/**
 * The table's shape, shared by the local runtime (CreateTable on DynamoDB Local) and the stack,
 * so the two cannot drift.
 */
export const TABLE_KEY = { partitionKey: "pk", sortKey: "sk" } as const;
export const TTL_ATTRIBUTE = "ttl";

/** Overloaded indexes: what each one serves is listed beside `IndexKeys` in keys.ts. */
export const GLOBAL_INDEXES = [
  { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  { name: "gsi2", partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  { name: "gsi3", partitionKey: "gsi3pk", sortKey: "gsi3sk" },
  { name: "gsi4", partitionKey: "gsi4pk", sortKey: "gsi4sk" },
  { name: "gsi5", partitionKey: "gsi5pk", sortKey: "gsi5sk" },
  // Keyed by the profile's own `emailLower` (every profile has it, nothing else does): sign-in finds
  // a profile by email in one round trip, and no item needed a new attribute for it.
  { name: "email", partitionKey: "emailLower", sortKey: "sk" },
] as const;

export type IndexName = (typeof GLOBAL_INDEXES)[number]["name"];
