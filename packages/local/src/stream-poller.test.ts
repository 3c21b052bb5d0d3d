import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { Audit, Events, silentLogger, type Actor } from "@roster/core";
import type { DynamoDBRecord } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { inProcessBus, localTargets, type InProcessBus } from "./in-process-bus";
import { startStreamPoller, type StreamPoller } from "./stream-poller";
import { dynamoEndpoint } from "../../../test/dynamo-endpoint";

/**
 * The local fan-out end to end: an audit item written to DynamoDB Local comes out of its stream,
 * through publishAuditRecords and the in-process bus's notify rule, as a mail in the SES emulator.
 */
let h: Harness;
const endpoint = dynamoEndpoint();
const context = { requestId: "req_poller", clientRequestId: null, ip: null, userAgent: null };
const admin: Actor = { type: "user", id: "usr_admin", email: "admin@example.com", role: "SUPER_ADMIN", isOwner: true, sessionId: null };

/** A poller like `npm start` wires it, recording what it hands on (a wrapper, nothing faked). */
async function startFanout() {
  const records: DynamoDBRecord[] = [];
  const published: Events.BusEntry[] = [];
  const bus: InProcessBus = inProcessBus(localTargets({ mailer: h.deps.mailer, log: silentLogger, settings: h.deps.settings, db: h.deps.db }), silentLogger);
  const recordingBus: Events.EventBus = {
    putEvents: (entries) => {
      published.push(...entries);
      return bus.putEvents(entries);
    },
  };
  const poller = await startStreamPoller({
    endpoint,
    table: h.table,
    log: silentLogger,
    intervalMs: 100,
    handle: (batch) => {
      records.push(...batch);
      return Events.publishAuditRecords({ bus: recordingBus, log: silentLogger }, batch);
    },
  });
  return { poller, bus, records, published };
}

/** Writes an audit event through the real audit writer. */
async function recordMfaReset(email: string) {
  await Audit.recordAlone(h.deps, { type: "MFA_RESET", actor: admin, target: { type: "user", id: `usr_${randomUUID()}`, email }, context });
}

async function waitForMail(email: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await h.mailsTo(email);
    if (mails.length > 0 || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const email = () => `person-${randomUUID()}@example.com`;

let fanout: Awaited<ReturnType<typeof startFanout>>;
const beforeStart = email();
beforeAll(async () => {
  h = await createHarness();
  // Written before the poller starts: LATEST means it is not replayed.
  await recordMfaReset(beforeStart);
  fanout = await startFanout();
});
afterAll(async () => {
  await fanout?.poller.stop();
  await fanout?.bus.idle();
});

describe("the stream poller with the in-process bus", () => {
  it("mails the target of an audit event written to the table, and skips what was there before it started", async () => {
    const to = email();
    await recordMfaReset(to);

    const mails = await waitForMail(to);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Your Roster authenticator was reset");
    expect(mails[0]!.body.text).toContain("admin@example.com reset the authenticator");

    expect(await h.mailsTo(beforeStart)).toEqual([]);
    const published = fanout.published.map((entry) => JSON.parse(entry.detail));
    expect(published.some((event) => event.target.email === beforeStart)).toBe(false);
    expect(published.find((event) => event.target.email === to)).toMatchObject({ type: "MFA_RESET", actor: { email: "admin@example.com" } });
  });

  it("hands every record to the handler but puts only audit events on the bus", async () => {
    const userEmail = email();
    const userPk = `USER#usr_${randomUUID()}`;
    await h.deps.db.doc.send(new PutCommand({ TableName: h.table, Item: { pk: userPk, sk: "PROFILE", entity: "User", email: userEmail } }));
    // An audit event after it: once its mail is there, the user item has been through the poller.
    const to = email();
    await recordMfaReset(to);
    expect(await waitForMail(to)).toHaveLength(1);

    const userRecord = fanout.records.find((record) => record.dynamodb?.Keys?.pk?.S === userPk);
    expect(userRecord).toMatchObject({ eventName: "INSERT", dynamodb: { NewImage: { email: { S: userEmail } }, StreamViewType: "NEW_IMAGE" } });
    expect(userRecord?.dynamodb?.SequenceNumber).toBeTruthy();
    expect(fanout.published.map((entry) => entry.detail).join()).not.toContain(userEmail);
    expect(await h.mailsTo(userEmail)).toEqual([]);
  });

  it("retries from the record a batch item failure names, as Lambda does", async () => {
    const to = email();
    const seen: DynamoDBRecord[] = [];
    const poller = await startStreamPoller({
      endpoint,
      table: h.table,
      log: silentLogger,
      intervalMs: 100,
      handle: async (batch) => {
        const ours = batch.find((record) => record.dynamodb?.NewImage?.target?.M?.email?.S === to);
        if (ours) seen.push(ours);
        // The first delivery of our record fails; nothing is published by this poller.
        return { batchItemFailures: ours && seen.length === 1 ? [{ itemIdentifier: ours.dynamodb!.SequenceNumber! }] : [] };
      },
    });
    try {
      await recordMfaReset(to);
      const deadline = Date.now() + 5_000;
      while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen.map((record) => record.dynamodb?.SequenceNumber)).toEqual([seen[0]!.dynamodb?.SequenceNumber, seen[0]!.dynamodb?.SequenceNumber]);
    } finally {
      await poller.stop();
    }
  });

  it("stops polling on stop()", async () => {
    const own: { poller: StreamPoller; records: DynamoDBRecord[] } = await startFanout();
    const started = Date.now();
    await own.poller.stop();
    expect(Date.now() - started).toBeLessThan(2_000);

    const to = email();
    await recordMfaReset(to);
    // The shared poller still runs: once it mailed, the stopped one had every chance to see it.
    expect(await waitForMail(to)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await h.mailsTo(to)).toHaveLength(1);
    expect(own.records.some((record) => record.dynamodb?.NewImage?.target?.M?.email?.S === to)).toBe(false);
  });
});
