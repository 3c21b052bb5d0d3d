import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DEFAULT_CALL_BUDGET, sdkCallConfig, type CallBudget } from "../call-budget";

/** One event for the bus: what PutEvents takes, minus the bus name the adapter adds. */
export type BusEntry = { source: "roster"; detailType: string; /** JSON */ detail: string; time: Date };

/** `index` is the entry's position in the `entries` given to that call. */
export type FailedEntry = { index: number; errorCode?: string; errorMessage?: string };

/**
 * Publishing events is a port: EventBridge in AWS, an in-process bus locally. A call may fail for
 * some entries only (PutEvents is not atomic); the caller retries those. A thrown error means the
 * call as a whole failed.
 */
export type EventBus = { putEvents(entries: BusEntry[]): Promise<{ failed: FailedEntry[] }> };

/** PutEvents takes at most 10 entries per call. */
export const MAX_ENTRIES_PER_PUT = 10;

export function eventBridgeBus(client: EventBridgeClient, busName: string): EventBus {
  return {
    async putEvents(entries) {
      if (entries.length === 0) return { failed: [] };
      if (entries.length > MAX_ENTRIES_PER_PUT) throw new Error(`PutEvents takes at most ${MAX_ENTRIES_PER_PUT} entries, got ${entries.length}.`);
      const response = await client.send(
        new PutEventsCommand({
          Entries: entries.map((entry) => ({
            EventBusName: busName,
            Source: entry.source,
            DetailType: entry.detailType,
            Detail: entry.detail,
            Time: entry.time,
          })),
        }),
      );
      if (!response.FailedEntryCount) return { failed: [] };
      // Result entries line up with the request's; a failed one has ErrorCode and no EventId. A
      // missing result counts as failed: publishing it twice beats losing it.
      const failed: FailedEntry[] = [];
      entries.forEach((_, index) => {
        const result = response.Entries?.[index];
        if (result?.EventId && !result.ErrorCode) return;
        failed.push({ index, errorCode: result?.ErrorCode ?? "MissingResult", errorMessage: result?.ErrorMessage });
      });
      return { failed };
    },
  };
}

/**
 * The bus of a Lambda. Built here rather than in `functions/`: the SDK client must be the version
 * core depends on (the repository root resolves an older one, pulled in by the SST tooling).
 */
export function createEventBridgeBus(options: { region: string; busName: string; endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string }; calls?: CallBudget }): EventBus {
  const client = new EventBridgeClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    // A stalled bus fails the batch within the budget, and Lambda retries it from the stream.
    ...sdkCallConfig(options.calls ?? DEFAULT_CALL_BUDGET),
  });
  return eventBridgeBus(client, options.busName);
}
