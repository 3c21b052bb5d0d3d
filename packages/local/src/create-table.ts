import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  StreamViewType,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type TableDescription,
} from "@aws-sdk/client-dynamodb";
import { GLOBAL_INDEXES, TABLE_KEY, TTL_ATTRIBUTE } from "@roster/core/store/table-definition";
import { LocalRuntimeError } from "./local-runtime-error";

type IndexShape = { readonly name: string; readonly partitionKey: string; readonly sortKey?: string };

// Widened once so an index without a sort key can be added to the definition later.
const INDEXES: readonly IndexShape[] = GLOBAL_INDEXES;
// The stream poller feeds publish/notify from it, like the stack's stream (see DESIGN.md).
const STREAM_VIEW = StreamViewType.NEW_IMAGE;
const ACTIVE_TIMEOUT_MS = 60_000;

/**
 * Makes the table match the shared definition: creates it when absent, and on a table kept in a
 * data directory from an older run adds what the definition gained since (indexes, stream, TTL),
 * so `npm start` never needs its data wiped after someone adds a GSI. Safe to run concurrently:
 * a step that fails because another caller did it first counts as done.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  if (!(await describeTable(client, tableName))) await createTable(client, tableName);
  let table = await waitUntilActive(client, tableName);

  const stream = table.StreamSpecification;
  if (stream?.StreamEnabled && stream.StreamViewType !== STREAM_VIEW) {
    throw new LocalRuntimeError(
      `Table ${tableName} streams ${stream.StreamViewType} instead of ${STREAM_VIEW}. Delete the local data directory to recreate it.`,
    );
  }
  if (!stream?.StreamEnabled) {
    await settle(
      () => client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW } })),
      async () => (await describeTable(client, tableName))?.StreamSpecification?.StreamEnabled === true,
    );
    table = await waitUntilActive(client, tableName);
  }

  // DynamoDB accepts one new index per UpdateTable call.
  for (const index of INDEXES) {
    if (table.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === index.name)) continue;
    await settle(
      () =>
        client.send(
          new UpdateTableCommand({
            TableName: tableName,
            AttributeDefinitions: attributeDefinitions([index]),
            GlobalSecondaryIndexUpdates: [{ Create: globalIndex(index) }],
          }),
        ),
      async () => (await describeTable(client, tableName))?.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === index.name) === true,
    );
    table = await waitUntilActive(client, tableName);
  }

  await ensureTimeToLive(client, tableName);
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: attributeDefinitions(INDEXES),
        KeySchema: keySchema(TABLE_KEY.partitionKey, TABLE_KEY.sortKey),
        GlobalSecondaryIndexes: INDEXES.length > 0 ? INDEXES.map(globalIndex) : undefined,
        StreamSpecification: { StreamEnabled: true, StreamViewType: STREAM_VIEW },
      }),
    );
  } catch (error) {
    // Another caller created it between our DescribeTable and CreateTable.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

async function ensureTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  const describeTtl = async () =>
    (await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }))).TimeToLiveDescription;
  const current = await describeTtl();
  const on = current?.TimeToLiveStatus === "ENABLED" || current?.TimeToLiveStatus === "ENABLING";
  if (on && current?.AttributeName !== TTL_ATTRIBUTE) {
    throw new LocalRuntimeError(
      `Table ${tableName} expires items on "${current?.AttributeName}" instead of "${TTL_ATTRIBUTE}". Delete the local data directory to recreate it.`,
    );
  }
  if (on) return;
  // AWS refuses to enable TTL twice ("already enabled"), so a concurrent enable counts as done.
  await settle(
    () => client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE } })),
    async () => ["ENABLED", "ENABLING"].includes((await describeTtl())?.TimeToLiveStatus ?? ""),
  );
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** DynamoDB Local is ACTIVE at once; AWS (or -delayTransientStatuses) takes a while. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const table = await describeTable(client, tableName);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === "ACTIVE");
    if (table?.TableStatus === "ACTIVE" && indexesActive) return table;
    if (Date.now() > deadline) {
      throw new LocalRuntimeError(`Table ${tableName} did not become ACTIVE within ${ACTIVE_TIMEOUT_MS / 1000} s (status ${table?.TableStatus ?? "missing"}).`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `action`; if it fails but `isDone` now holds, someone else did the same thing first. */
async function settle(action: () => Promise<unknown>, isDone: () => Promise<boolean>): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (!(await isDone())) throw error;
  }
}

function keySchema(partitionKey: string, sortKey?: string): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey, KeyType: "HASH" }];
  if (sortKey) schema.push({ AttributeName: sortKey, KeyType: "RANGE" });
  return schema;
}

function globalIndex(index: IndexShape): GlobalSecondaryIndex {
  return { IndexName: index.name, KeySchema: keySchema(index.partitionKey, index.sortKey), Projection: { ProjectionType: "ALL" } };
}

/** Every key attribute of the table and the given indexes; all of Roster's keys are strings. */
function attributeDefinitions(indexes: readonly IndexShape[]): AttributeDefinition[] {
  const names = new Set<string>([TABLE_KEY.partitionKey, TABLE_KEY.sortKey]);
  for (const index of indexes) {
    names.add(index.partitionKey);
    if (index.sortKey) names.add(index.sortKey);
  }
  return [...names].map((name) => ({ AttributeName: name, AttributeType: "S" }));
}
