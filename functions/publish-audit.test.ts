import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Events, silentLogger } from "@roster/core";
import { Keys } from "@roster/core/store/keys";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeEventBridge } from "../test/fakes/event-bridge";
import { streamRecord } from "../test/fakes/stream-record";
import { createHarness, type Harness } from "../test/harness";
import { createPublishAuditHandler } from "./publish-audit";

const BUS = "roster-test-bus";

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

    const result = await handler({ Records: auditItems.map((item) => streamRecord("INSERT", item, h.table)) });

    expect(result).toEqual({ batchItemFailures: [] });
    const entries = bus.entries();
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
    const records = [streamRecord("INSERT", ownerProfile, h.table), streamRecord("MODIFY", ownerProfile, h.table)];

    expect(await handler({ Records: records })).toEqual({ batchItemFailures: [] });
    expect(bus.calls).toEqual([]);
  });

  it("names the first record the bus keeps refusing, so Lambda retries the batch from it", async () => {
    const refused = auditItems[2]!.id as string;
    const bus = fakeEventBridge({ refuse: (id) => id === refused });
    const handler = createPublishAuditHandler({ bus: Events.eventBridgeBus(bus.client, BUS), log: silent, sleep: async () => {} });
    const records = auditItems.map((item) => streamRecord("INSERT", item, h.table));

    const result = await handler({ Records: records });

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: records[2]!.dynamodb!.SequenceNumber }] });
    expect(bus.calls.length).toBe(Events.PUBLISH_ATTEMPTS);
  });
});
