import { randomUUID } from "node:crypto";
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { GLOBAL_INDEXES, TTL_ATTRIBUTE } from "@roster/core/store/table-definition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureTable } from "./create-table";
import { startDynamoDbLocal, type DynamoDbLocal } from "./dynamodb-local";
import { findFreePorts } from "./free-port";
import { localAws } from "./local-aws";

// An emulator of its own: DynamoDB Local builds a new index slowly while the shared one holds the
// whole run's tables (one with 10,000 items), which made the upgrade case take over a minute.
let emulator: DynamoDbLocal;
let client: DynamoDBClient;
beforeAll(async () => {
  const [port] = await findFreePorts(1);
  emulator = await startDynamoDbLocal({ port: port!, inMemory: true });
  client = new DynamoDBClient({ ...localAws(), endpoint: emulator.endpoint });
});
afterAll(async () => {
  await emulator?.stop();
});
const created: string[] = [];

function tableName(): string {
  const name = `create-table-test-${randomUUID()}`;
  created.push(name);
  return name;
}

async function describeTable(name: string): Promise<TableDescription> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (!Table) throw new Error(`DescribeTable returned no table for ${name}`);
  return Table;
}

async function expectMatchesDefinition(name: string): Promise<void> {
  const table = await describeTable(name);
  expect(table.TableStatus).toBe("ACTIVE");
  expect(table.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
  expect(table.KeySchema).toEqual([
    { AttributeName: "pk", KeyType: "HASH" },
    { AttributeName: "sk", KeyType: "RANGE" },
  ]);
  expect(table.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" });
  expect(table.LatestStreamArn).toBeTruthy();
  for (const index of GLOBAL_INDEXES) {
    const found = table.GlobalSecondaryIndexes?.find((existing) => existing.IndexName === index.name);
    expect(found?.KeySchema).toEqual([
      { AttributeName: index.partitionKey, KeyType: "HASH" },
      { AttributeName: index.sortKey, KeyType: "RANGE" },
    ]);
    expect(found?.Projection?.ProjectionType).toBe("ALL");
    expect(found?.IndexStatus).toBe("ACTIVE");
  }
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
  expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: "ENABLED", AttributeName: TTL_ATTRIBUTE });
}

afterAll(async () => {
  await Promise.all(created.map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
  client.destroy();
});

describe("ensureTable", () => {
  it("creates the table with its indexes, stream and TTL, and is idempotent", async () => {
    const name = tableName();
    await ensureTable(client, name);
    await expectMatchesDefinition(name);
    const { LatestStreamArn } = await describeTable(name);

    await ensureTable(client, name);
    await expectMatchesDefinition(name);
    // The second run changed nothing: in particular it did not recreate the stream.
    expect((await describeTable(name)).LatestStreamArn).toBe(LatestStreamArn);
  });

  it("survives two callers creating the same table at once", async () => {
    const name = tableName();
    await Promise.all([ensureTable(client, name), ensureTable(client, name)]);
    await expectMatchesDefinition(name);
  });

  // Each added index is one UpdateTable waited on until ACTIVE (DynamoDB allows one per call), which
  // is slow on DynamoDB Local under a full test run: the older table lacks the newest index only.
  it("brings a table from an older definition up to date", { timeout: 60_000 }, async () => {
    // As a persistent local data directory would hold it before an index, the stream and TTL were added.
    const name = tableName();
    const older = GLOBAL_INDEXES.slice(0, -1);
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
          ...older.flatMap((index) => [
            { AttributeName: index.partitionKey, AttributeType: "S" as const },
            { AttributeName: index.sortKey, AttributeType: "S" as const },
          ]),
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: older.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: "HASH" as const },
            { AttributeName: index.sortKey, KeyType: "RANGE" as const },
          ],
          Projection: { ProjectionType: "ALL" as const },
        })),
      }),
    );
    await ensureTable(client, name);
    await expectMatchesDefinition(name);
  });
});
