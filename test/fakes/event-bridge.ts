import type { PutEventsCommandOutput, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import type { Events } from "@roster/core";

/** The client core's bus takes: typed by core, whose SDK copy may not be the one this file resolves. */
type EventBridgeClient = Parameters<typeof Events.eventBridgeBus>[0];

export type PutEventsCall = PutEventsRequestEntry[];

/**
 * The one EventBridge fake: a client whose `send` records every PutEvents call and can refuse
 * entries. `refuse(eventId, attempt)` says whether that event's entry fails on its nth call;
 * `throwOnCall(n)` makes the nth call fail as a whole, as a dropped connection does.
 */
export function fakeEventBridge(options: { refuse?: (eventId: string, attempt: number) => boolean; throwOnCall?: (call: number) => boolean } = {}) {
  const calls: PutEventsCall[] = [];
  /** The event ids of every entry the bus accepted, in order, repeats included. */
  const accepted: string[] = [];
  const attempts = new Map<string, number>();
  const client = {
    async send(command: { constructor: { name: string }; input: { Entries?: PutEventsRequestEntry[] } }): Promise<Partial<PutEventsCommandOutput>> {
      // By name: core's SDK copy is not necessarily the one this file would import the class from.
      if (command.constructor.name !== "PutEventsCommand") throw new Error("The EventBridge fake only takes PutEvents.");
      const entries = command.input.Entries ?? [];
      calls.push(entries);
      if (options.throwOnCall?.(calls.length)) throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
      const results = entries.map((entry) => {
        const id = eventIdOf(entry);
        const attempt = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, attempt);
        if (options.refuse?.(id, attempt)) return { ErrorCode: "InternalFailure", ErrorMessage: "Internal failure" };
        accepted.push(id);
        return { EventId: `ebid-${id}-${attempt}` };
      });
      return { FailedEntryCount: results.filter((result) => "ErrorCode" in result).length, Entries: results };
    },
  };
  // Only `send` is ever called: the rest of the client's surface is not faked.
  return { client: client as unknown as EventBridgeClient, calls, accepted, entries: () => calls.flat() };
}

/** The audit event id an entry carries in its detail. */
export const eventIdOf = (entry: PutEventsRequestEntry): string => JSON.parse(entry.Detail ?? "{}").id;
