import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { currentRoundTrips } from "./round-trips";

export type DbOptions = {
  table: string;
  region: string;
  /** Set for DynamoDB Local; absent in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** The table and the client that reaches it: every core function gets this, never a global. */
export type Db = { doc: DynamoDBDocumentClient; table: string };

export function createDb(options: DbOptions): Db {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // A request should fail fast to a 503 rather than hang the caller when storage is away.
    maxAttempts: 3,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const counter = currentRoundTrips();
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        if (counter) {
          counter.calls += 1;
          counter.durationMs += performance.now() - started;
        }
      }
    },
    // "initialize" runs once per command, before retries: a retried call is still one round trip.
    { step: "initialize", name: "rosterRoundTripCounter" },
  );
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, table: options.table };
}
