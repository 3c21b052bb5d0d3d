import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDb, type Db } from "@roster/core";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { ensureTable } from "../packages/local/src/create-table";
import { localAws } from "../packages/local/src/local-aws";

/** A fresh table of Roster's shape on the run's DynamoDB Local: what a store test writes to. */
export async function freshTable(): Promise<Db & { endpoint: string }> {
  const endpoint = inject("dynamoEndpoint");
  const table = `roster-test-${randomBytes(6).toString("hex")}`;
  await ensureTable(new DynamoDBClient({ endpoint, ...localAws() }), table);
  return { ...createDb({ table, endpoint, ...localAws() }), endpoint };
}
