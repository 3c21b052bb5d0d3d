import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DEFAULT_CALL_BUDGET, sdkCallConfig, type CallBudget } from "../call-budget";
import { MARSHALL_OPTIONS } from "./attribute-values";
import { currentRoundTrips } from "./round-trips";

export type DbOptions = {
  table: string;
  region: string;
  /** Set for DynamoDB Local; absent in AWS. */
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Timeouts and attempts of every call (the settings' `awsCalls`); the documented defaults when absent. */
  calls?: CallBudget;
};

/**
 * The table and the client that reaches it: every core function gets this, never a global. `doc`
 * converts items both ways (writes); `client` is the same client without that layer, for the reads
 * in read.ts, which convert their answers themselves (attribute-values.ts). Both share one
 * middleware stack: what counts or fails a call sees either.
 */
export type Db = { doc: DynamoDBDocumentClient; client: DynamoDBClient; table: string };

export function createDb(options: DbOptions): Db {
  const client = new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // A request should fail fast to a 503 rather than hang the caller when storage is away or stalled.
    ...sdkCallConfig(options.calls ?? DEFAULT_CALL_BUDGET),
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
  // A copy: the document client writes its own defaults into the options it is given.
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { ...MARSHALL_OPTIONS } });
  return { doc, client, table: options.table };
}
