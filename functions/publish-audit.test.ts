import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Events, silentLogger } from "@roster/core";
import { Keys } from "@roster/core/db/keys";
import type { DynamoDBRecord } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../test/harness";
import { createPublishAuditHandler } from "./publish-audit";

const BUS = "roster-test-bus";

type Entry = { EventBusName?: string; Source?: string; DetailType?: string; Detail?: string; Time?: Date };

/**
 * The one fake: an EventBridge client that records every PutEvents call and accepts every entry,
 * except those `refuse` names.
 */
function fakeEventBridge(refuse: (eventId: string) => boolean = () => false) {
  const puts: Entry[][] = [];
  const client = {
    async send(command: { input: { Entries?: Entry[] } }) {
      const entries = command.input.Entries ?? [];
      puts.push(entries);
      const results = entries.map((entry) => (refuse(JSON.parse(entry.Detail!).id) ? { ErrorCode: "InternalFailure", ErrorMessage: "refused" } : { EventId: `eb-${puts.length}` }));
      return { FailedEntryCount: results.filter((result) => "ErrorCode" in result).length, Entries: results };
    },
  };
  return { client: client as unknown as Parameters<typeof Events.eventBridgeBus>[0], puts };
}

let sequence = 1000;
/** A record as Lambda delivers it from the table's stream (view type NEW_IMAGE). */
function streamRecord(table: string, eventName: "INSERT" | "MODIFY", item: Record<string, unknown>): DynamoDBRecord {
  sequence += 1;
  type Image = NonNullable<DynamoDBRecord["dynamodb"]>["NewImage"];
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "us-east-1",
    eventSourceARN: `arn:aws:dynamodb:us-east-1:123456789012:table/${table}/stream/2026-11-25T00:00:00.000`,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
      Keys: marshall({ pk: item.pk, sk: item.sk }) as Image,
      NewImage: marshall(item, { removeUndefinedValues: true }) as Image,
      SequenceNumber: String(sequence).padStart(21, "0"),
      SizeBytes: 512,
      StreamViewType: "NEW_IMAGE",
    },
  };
}

const silent = silentLogger;

let h: Harness;
let auditItems: Record<string, unknown>[];
let ownerProfile: Record<string, unknown>;
let apiEvents: { id: string }[];
beforeAll(async () => {
  h = await createHarness();
  // Real audit items, written by the real code paths: the owner's creation, setup, sign-in, an invitation.
  const owner = await h.owner();
  await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "ada@example.com", role: "OPERATOR" } });
  auditItems = await h.auditEvents();
  const { Item } = await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: Keys.user(owner.user.id) }));
  ownerProfile = Item!;
  const listed = await h.call("GET", "/v1/audit-events?limit=100", { token: owner.accessToken });
  expect(listed.status).toBe(200);
  apiEvents = listed.body.items;
});

describe("the publish-audit Lambda", () => {
  it("puts every audit item of a stream batch on the bus, in order, as GET /v1/audit-events shows it", async () => {
    const bus = fakeEventBridge();
    const handler = createPublishAuditHandler({ bus: Events.eventBridgeBus(bus.client, BUS), log: silent });
    expect(auditItems.length).toBeGreaterThanOrEqual(4);

    const result = await handler({ Records: auditItems.map((item) => streamRecord(h.table, "INSERT", item)) });

    expect(result).toEqual({ batchItemFailures: [] });
    const entries = bus.puts.flat();
    expect(entries.map((entry) => JSON.parse(entry.Detail!).id)).toEqual(auditItems.map((item) => item.id));
    for (const entry of entries) {
      const detail = JSON.parse(entry.Detail!);
      expect(entry).toMatchObject({ EventBusName: BUS, Source: "roster", DetailType: detail.type, Time: new Date(detail.occurredAt) });
      expect(detail).toEqual(apiEvents.find((event) => event.id === detail.id));
    }
  });

  it("publishes nothing for the table's other items", async () => {
    const bus = fakeEventBridge();
    const handler = createPublishAuditHandler({ bus: Events.eventBridgeBus(bus.client, BUS), log: silent });
    const records = [streamRecord(h.table, "INSERT", ownerProfile), streamRecord(h.table, "MODIFY", ownerProfile)];

    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(bus.puts).toEqual([]);
  });

  it("names the first record the bus keeps refusing, so Lambda retries the batch from it", async () => {
    const refused = auditItems[2]!.id as string;
    const bus = fakeEventBridge((id) => id === refused);
    const handler = createPublishAuditHandler({ bus: Events.eventBridgeBus(bus.client, BUS), log: silent, sleep: async () => {} });
    const records = auditItems.map((item) => streamRecord(h.table, "INSERT", item));

    const result = await handler({ Records: records });

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: records[2]!.dynamodb!.SequenceNumber }] });
    expect(bus.puts.length).toBe(Events.PUBLISH_ATTEMPTS);
  });
});
