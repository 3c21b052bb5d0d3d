import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createDb, type CallBudget, type Db } from "@roster/core";
import { randomBytes } from "node:crypto";
import { ensureTable } from "../packages/local/src/create-table";
import { localAws } from "../packages/local/src/local-aws";
import { dynamoEndpoint } from "./dynamo-endpoint";

/**
 * The call budget of tests that are not about timeouts. The run's DynamoDB Local, shared by
 * three files at a time on a loaded machine, can pause far longer than DynamoDB does (a JVM
 * collecting garbage): such a pause is not what those tests test, so they wait longer than
 * production would. The fault tests set budgets of their own, and check production's.
 */
export const ROOMY_CALLS: CallBudget = { connectTimeoutMs: 5_000, requestTimeoutMs: 10_000, maxAttempts: 3 };

/** A fresh table of Roster's shape on the run's DynamoDB Local: what a store test writes to. */
export async function freshTable(calls: CallBudget = ROOMY_CALLS): Promise<Db & { endpoint: string }> {
  const endpoint = dynamoEndpoint();
  const table = `roster-test-${randomBytes(6).toString("hex")}`;
  await ensureTable(new DynamoDBClient({ endpoint, ...localAws() }), table);
  return { ...createDb({ table, endpoint, calls, ...localAws() }), endpoint };
}
