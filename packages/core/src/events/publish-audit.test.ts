import type { DynamoDBRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { eventIdOf, fakeEventBridge, type PutEventsCall } from "../../../../test/fakes/event-bridge";
import { streamRecord } from "../../../../test/fakes/stream-record";
import type { AuditEvent } from "../audit";
import type { Logger } from "../log";
import { eventBridgeBus, type BusEntry } from "./bus";
import { publishAuditRecords } from "./publish-audit";

const BUS = "roster-test-bus";

function auditEvent(n: number, type: AuditEvent["type"] = "USER_ROLE_CHANGED"): AuditEvent {
  return {
    id: `evt_${String(n).padStart(3, "0")}`,
    type,
    occurredAt: new Date(Date.UTC(2025, 2, 1, 12, 0, n)).toISOString(),
    actor: { type: "user", id: "usr_admin", email: "admin@example.com" },
    target: { type: "user", id: `usr_${n}`, email: `person${n}@example.com` },
    tenant: null,
    changes: { role: { before: "OPERATOR", after: "SUPER_ADMIN" } },
    context: { requestId: `req_${n}`, clientRequestId: null, ip: "192.0.2.1", userAgent: "vitest" },
  };
}

/** The item as the audit writer stores it: the storage attributes around the event. */
const auditItem = (event: AuditEvent) => ({
  pk: "AUDIT",
  sk: `${event.occurredAt}#${event.id}`,
  entity: "AuditEvent",
  gsi1pk: `AUDIT#TYPE#${event.type}`,
  gsi1sk: event.occurredAt,
  gsi2pk: `AUDIT#TARGET#${event.target.id}`,
  gsi2sk: event.occurredAt,
  ...event,
});

const auditInsert = (event: AuditEvent) => streamRecord("INSERT", auditItem(event));
const userInsert = (n: number) =>
  streamRecord("INSERT", { pk: `USER#usr_${n}`, sk: "PROFILE", entity: "User", email: `person${n}@example.com`, gsi1pk: "USERS", gsi1sk: "x" });

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  const log: Logger = { info: at("info"), warn: at("warn"), error: at("error") };
  return { log, lines };
}

function publisher(bus: ReturnType<typeof fakeEventBridge>) {
  const sleeps: number[] = [];
  const { log, lines } = recordingLogger();
  const deps = { bus: eventBridgeBus(bus.client, BUS), log, sleep: async (ms: number) => void sleeps.push(ms) };
  return { publish: (records: DynamoDBRecord[]) => publishAuditRecords(deps, records), sleeps, lines };
}

const idsOf = (call: PutEventsCall) => call.map(eventIdOf);

describe("publishAuditRecords", () => {
  it("publishes only audit INSERTs, with the API's event as detail", async () => {
    const bus = fakeEventBridge();
    const { publish } = publisher(bus);
    const first = auditEvent(1, "MFA_RESET");
    const second = auditEvent(2, "LOGIN_SUCCEEDED");
    const records = [
      userInsert(7),
      auditInsert(first),
      streamRecord("MODIFY", { pk: "USER#usr_7", sk: "PROFILE", entity: "User", email: "person7@example.com" }),
      streamRecord("REMOVE", { pk: "USER#usr_7", sk: "SESSION#s1" }),
      // Not an audit item, even though it has an id and a type.
      streamRecord("INSERT", { pk: "THROTTLE#IP#1", sk: "THROTTLE", id: "x", type: "LOGIN_FAILED", occurredAt: first.occurredAt }),
      auditInsert(second),
    ];

    expect(await publish(records)).toEqual({ batchItemFailures: [] });

    expect(bus.calls).toHaveLength(1);
    const [mfa, login] = bus.calls[0]!;
    expect(mfa).toMatchObject({ EventBusName: BUS, Source: "roster", DetailType: "MFA_RESET", Time: new Date(first.occurredAt) });
    expect(login).toMatchObject({ EventBusName: BUS, Source: "roster", DetailType: "LOGIN_SUCCEEDED", Time: new Date(second.occurredAt) });
    // Exactly the event: no pk/sk/entity/gsi*/ttl.
    const detail = JSON.parse(mfa!.Detail!);
    expect(detail).toEqual(first);
    expect(Object.keys(detail).sort()).toEqual(["actor", "changes", "context", "id", "occurredAt", "target", "tenant", "type"]);
  });

  it("keeps a null tenant and null changes as null", async () => {
    const bus = fakeEventBridge();
    const event = { ...auditEvent(3, "USER_DEACTIVATED"), changes: null, context: { requestId: "r", clientRequestId: null, ip: null, userAgent: null } };
    await publisher(bus).publish([auditInsert(event)]);
    expect(JSON.parse(bus.calls[0]![0]!.Detail!)).toEqual(event);
  });

  it("sends in stream order, at most 10 entries per call", async () => {
    const bus = fakeEventBridge();
    const events = Array.from({ length: 23 }, (_, n) => auditEvent(n));
    const records = events.flatMap((event, n) => (n % 5 === 0 ? [userInsert(n), auditInsert(event)] : [auditInsert(event)]));

    expect(await publisher(bus).publish(records)).toEqual({ batchItemFailures: [] });

    expect(bus.calls.map((call) => call.length)).toEqual([10, 10, 3]);
    expect(bus.calls.flatMap(idsOf)).toEqual(events.map((event) => event.id));
  });

  it("sends nothing for a batch without audit inserts", async () => {
    const bus = fakeEventBridge();
    expect(await publisher(bus).publish([userInsert(1), userInsert(2)])).toEqual({ batchItemFailures: [] });
    expect(bus.calls).toEqual([]);
  });

  it("retries only the entries the bus refused, after a backoff", async () => {
    const events = Array.from({ length: 5 }, (_, n) => auditEvent(n));
    // PutEvents fails the third entry once.
    const bus = fakeEventBridge({ refuse: (id, attempt) => id === events[2]!.id && attempt === 1 });
    const { publish, sleeps, lines } = publisher(bus);

    expect(await publish(events.map(auditInsert))).toEqual({ batchItemFailures: [] });

    expect(bus.calls.map(idsOf)).toEqual([events.map((event) => event.id), [events[2]!.id]]);
    expect(sleeps).toEqual([100]);
    expect(lines.filter((line) => line.level === "warn")).toHaveLength(1);
  });

  it("retries a call that failed as a whole", async () => {
    const bus = fakeEventBridge({ throwOnCall: (call) => call === 1 });
    const { publish, sleeps } = publisher(bus);
    const events = [auditEvent(1), auditEvent(2)];

    expect(await publish(events.map(auditInsert))).toEqual({ batchItemFailures: [] });
    expect(bus.calls.map(idsOf)).toEqual([
      [events[0]!.id, events[1]!.id],
      [events[0]!.id, events[1]!.id],
    ]);
    expect(sleeps).toEqual([100]);
  });

  it("on a lasting failure, reports the first failed record and publishes nothing after it", async () => {
    const events = Array.from({ length: 23 }, (_, n) => auditEvent(n));
    // Events 12 and 15 (both in the second batch) are always refused.
    const refused = new Set([events[12]!.id, events[15]!.id]);
    const bus = fakeEventBridge({ refuse: (id) => refused.has(id) });
    const { publish, sleeps, lines } = publisher(bus);
    const records = events.flatMap((event, n) => (n % 4 === 0 ? [userInsert(n), auditInsert(event)] : [auditInsert(event)]));
    const failedRecord = records.find((record) => record.dynamodb?.NewImage?.id?.S === events[12]!.id)!;

    const result = await publish(records);

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: failedRecord.dynamodb!.SequenceNumber }] });
    expect(bus.calls.map(idsOf)).toEqual([
      events.slice(0, 10).map((event) => event.id),
      events.slice(10, 20).map((event) => event.id),
      [events[12]!.id, events[15]!.id],
      [events[12]!.id, events[15]!.id],
      [events[12]!.id, events[15]!.id],
    ]);
    // The third batch (events 20-22) never went out.
    expect(bus.calls.flatMap(idsOf)).not.toContain(events[20]!.id);
    expect(sleeps).toEqual([100, 200, 400]);
    const error = lines.find((line) => line.level === "error")!;
    expect(error.fields).toMatchObject({ eventId: events[12]!.id, type: "USER_ROLE_CHANGED", sequenceNumber: failedRecord.dynamodb!.SequenceNumber });
  });

  it("10,000 events through a bus that refuses entries, throttles calls and sometimes refuses for good: every one out, repeats only where the stream redelivered", async () => {
    const count = 10_000;
    const events = Array.from({ length: count }, (_, n) => ({ ...auditEvent(n), id: `evt_${String(n).padStart(5, "0")}` }));
    const records = events.map(auditInsert);
    const hash = (text: string) => [...text].reduce((h, char) => Math.imul(h ^ char.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5);
    // A tenth of the entries refused on a first try, a few on every try of a whole publish (the
    // stream then redelivers from them), and every 37th call throttled as a whole.
    const lasting = new Set(events.filter((_, n) => n % 997 === 500).map((event) => event.id));
    const bus = fakeEventBridge({
      refuse: (id, attempt) => (lasting.has(id) && attempt <= 4) || (attempt === 1 && hash(id) % 10 === 0),
      throwOnCall: (call) => call % 37 === 0,
    });
    const { publish, sleeps } = publisher(bus);
    let redelivered = 0;
    // As Lambda's stream source does: batches of 100 in order; a reported failure redelivers the
    // batch from that record (ReportBatchItemFailures), until the batch goes through.
    for (let start = 0; start < records.length; start += 100) {
      let batch = records.slice(start, start + 100);
      for (let tries = 0; ; tries++) {
        expect(tries, `batch at ${start}`).toBeLessThan(5);
        const { batchItemFailures } = await publish(batch);
        if (batchItemFailures.length === 0) break;
        const from = batch.findIndex((record) => record.dynamodb?.SequenceNumber === batchItemFailures[0]!.itemIdentifier);
        expect(from).toBeGreaterThanOrEqual(0);
        batch = batch.slice(from);
        redelivered += batch.length;
      }
    }
    const times = new Map<string, number>();
    for (const id of bus.accepted) times.set(id, (times.get(id) ?? 0) + 1);
    expect(times.size).toBe(count);
    expect(events.every((event) => times.has(event.id))).toBe(true);
    // At least once, and more only for what a redelivery sent again.
    const repeats = bus.accepted.length - count;
    expect(repeats).toBeGreaterThan(0);
    expect(repeats).toBeLessThanOrEqual(redelivered);
    expect(Math.max(...times.values())).toBeLessThanOrEqual(2);
    // Backoff doubles between the attempts of one publish.
    expect(new Set(sleeps)).toEqual(new Set([100, 200, 400]));
  });

  it("never logs event contents beyond id and type", async () => {
    const events = Array.from({ length: 3 }, (_, n) => auditEvent(n));
    const bus = fakeEventBridge({ refuse: (id) => id === events[1]!.id });
    const { publish, lines } = publisher(bus);
    await publish(events.map(auditInsert));
    const logged = JSON.stringify(lines);
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of ["@example.com", "usr_", "192.0.2.1", "req_", "SUPER_ADMIN"]) expect(logged).not.toContain(secret);
  });

  it("skips (and reports) an audit item that is not a valid event instead of blocking the stream", async () => {
    const bus = fakeEventBridge();
    const { publish, lines } = publisher(bus);
    const valid = auditEvent(2);
    const broken = { pk: "AUDIT", sk: "x#evt_bad", entity: "AuditEvent", id: "evt_bad" };
    expect(await publish([streamRecord("INSERT", broken), auditInsert(valid)])).toEqual({ batchItemFailures: [] });
    expect(bus.calls.flatMap(idsOf)).toEqual([valid.id]);
    expect(lines.find((line) => line.level === "error")?.fields).toMatchObject({ eventId: "evt_bad" });
  });
});

describe("eventBridgeBus", () => {
  const entry = (n: number): BusEntry => ({ source: "roster", detailType: "LOGOUT", detail: JSON.stringify({ id: `evt_${n}` }), time: new Date(0) });

  it("puts the entries on the named bus and maps refused entries to their indexes", async () => {
    const bus = fakeEventBridge({ refuse: (id) => id === "evt_1" || id === "evt_3" });
    const result = await eventBridgeBus(bus.client, BUS).putEvents([0, 1, 2, 3].map(entry));
    expect(result).toEqual({
      failed: [
        { index: 1, errorCode: "InternalFailure", errorMessage: "Internal failure" },
        { index: 3, errorCode: "InternalFailure", errorMessage: "Internal failure" },
      ],
    });
    expect(bus.calls[0]).toEqual(
      [0, 1, 2, 3].map((n) => ({ EventBusName: BUS, Source: "roster", DetailType: "LOGOUT", Detail: `{"id":"evt_${n}"}`, Time: new Date(0) })),
    );
  });

  it("counts an entry without a result as failed when PutEvents reports failures", async () => {
    const client = { send: async () => ({ FailedEntryCount: 1, Entries: [{ EventId: "ok" }] }) } as unknown as Parameters<typeof eventBridgeBus>[0];
    expect(await eventBridgeBus(client, BUS).putEvents([entry(0), entry(1)])).toEqual({ failed: [{ index: 1, errorCode: "MissingResult" }] });
  });

  it("makes no call for no entries and refuses more than 10", async () => {
    const bus = fakeEventBridge();
    expect(await eventBridgeBus(bus.client, BUS).putEvents([])).toEqual({ failed: [] });
    expect(bus.calls).toEqual([]);
    await expect(eventBridgeBus(bus.client, BUS).putEvents(Array.from({ length: 11 }, (_, n) => entry(n)))).rejects.toThrow(/at most 10/);
  });

  it("lets a failed call throw", async () => {
    const bus = fakeEventBridge({ throwOnCall: () => true });
    await expect(eventBridgeBus(bus.client, BUS).putEvents([entry(0)])).rejects.toThrow(/socket hang up/);
  });
});
