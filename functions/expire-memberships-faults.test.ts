import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { isStorageUnavailable } from "@roster/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Keys } from "../packages/core/src/store/keys";
import { FAULT_BUDGET_ENV, UPPER_BOUND_MS } from "../test/fixtures/fault-budget";
import { startFaultProxy, type FaultProxy } from "../test/fixtures/fault-proxy";
import { auditEvents } from "../test/fixtures/observe";
import { createHarness, type Harness } from "../test/harness";
import { createExpireMembershipsHandler } from "./expire-memberships";
import { dynamoEndpoint } from "../test/dynamo-endpoint";

/*
 * The expiry job with DynamoDB away. A run that meets a stalled table fails within its call
 * budget; its caller (the schedule's next run, the local timer's next turn) runs it again, and
 * every expiry is recorded once: with its one audit event and its user's counter down by one,
 * even when a transaction went through and only its answer was lost.
 */

const scheduledEvent = (time: Date) =>
  ({ version: "0", id: randomUUID(), "detail-type": "Scheduled Event", source: "aws.events", time: time.toISOString(), detail: {} }) as unknown as ScheduledEvent;
const lambdaContext = { getRemainingTimeInMillis: () => 60_000 } as unknown as Context;

let proxy: FaultProxy;
let h: Harness;
const contractors: string[] = [];
beforeAll(async () => {
  proxy = await startFaultProxy(dynamoEndpoint());
  // The world is made on DynamoDB Local directly (the harness's fixtures); the job meets the proxy.
  h = await createHarness({ dynamoEndpoint: proxy.endpoint, env: FAULT_BUDGET_ENV });
  const admin = (await h.owner("owner@expiry-faults.example")).accessToken;
  await h.createTenant(admin, "acme");
  const expiresAt = new Date(h.clock.now().getTime() + 600_000).toISOString();
  for (let i = 0; i < 3; i++) {
    const invited = await h.invited(admin, `c${i}-${randomUUID()}@expiry-faults.example`, "CONTRACTOR");
    contractors.push(invited.id);
    await h.grant(admin, "acme", invited.id, "OPERATOR_FULL", expiresAt);
  }
  h.clock.set(expiresAt);
});
afterAll(() => proxy?.stop());

/** What the table says, read on DynamoDB Local itself. */
async function recorded() {
  const expired = (await auditEvents({ db: h.direct })).filter((event) => event.type === "MEMBERSHIP_EXPIRED");
  const counters = [];
  for (const id of contractors) {
    const { Item } = await h.direct.doc.send(new GetCommand({ TableName: h.direct.table, Key: Keys.user(id), ConsistentRead: true }));
    counters.push({ operatorMemberships: Item?.operatorMemberships, inAcme: (Item?.memberTenants as Set<string> | undefined)?.has("acme") ?? false });
  }
  return { expiredEvents: expired.map((event) => event.target.id as string).sort(), counters };
}

describe("the expire-memberships Lambda with DynamoDB away", () => {
  it("fails a run within its budget, and a later run records each expiry once", async () => {
    const run = createExpireMembershipsHandler(h.deps);
    const live = { operatorMemberships: 1, inAcme: true };
    const gone = { operatorMemberships: 0, inAcme: false };

    // Stalled from the start: nothing is read, nothing recorded, and the run fails promptly.
    await proxy.stall();
    let started = performance.now();
    const stalled = await run(scheduledEvent(h.clock.now()), lambdaContext).then(() => undefined, (error: unknown) => error);
    expect(isStorageUnavailable(stalled)).toBe(true);
    expect(performance.now() - started).toBeLessThan(UPPER_BOUND_MS);
    expect(await recorded()).toEqual({ expiredEvents: [], counters: [live, live, live] });

    // The first expiry's transaction commits but its answer is lost: the run fails after it.
    await proxy.stall({ matching: "TransactWriteItems", deliver: true });
    started = performance.now();
    const lost = await run(scheduledEvent(h.clock.now()), lambdaContext).then(() => undefined, (error: unknown) => error);
    expect(isStorageUnavailable(lost)).toBe(true);
    expect(performance.now() - started).toBeLessThan(UPPER_BOUND_MS);
    const halfway = await recorded();
    expect(halfway.expiredEvents).toHaveLength(1);
    expect(halfway.counters.filter((counter) => counter.inAcme)).toHaveLength(2);

    // Back: the next run records the other two, and only them.
    await proxy.pass();
    expect(await run(scheduledEvent(h.clock.now()), lambdaContext)).toEqual({ expired: 2, warned: 0, throttlesReported: 0 });
    expect(await recorded()).toEqual({ expiredEvents: contractors.map((id) => `acme/${id}`).sort(), counters: [gone, gone, gone] });
    expect(await run(scheduledEvent(h.clock.now()), lambdaContext)).toEqual({ expired: 0, warned: 0, throttlesReported: 0 });
    expect((await recorded()).expiredEvents).toHaveLength(3);
  });
});
