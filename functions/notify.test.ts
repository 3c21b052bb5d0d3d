import { readSettings, sesMailer, silentLogger, type Audit, type Db, type Logger } from "@roster/core";
import type { EventBridgeEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { inProcessBus, localTargets } from "../packages/local/src/in-process-bus";
import { localAws } from "../packages/local/src/local-aws";
import { FAULT_BUDGET as BUDGET, UPPER_BOUND_MS } from "../test/fixtures/fault-budget";
import { startFaultProxy, type FaultProxy } from "../test/fixtures/fault-proxy";
import { mailsTo } from "../test/fixtures/observe";
import { freshTable } from "../test/table";
import { createNotifyHandler } from "./notify";

/*
 * The notify consumer with SES away: a send that fails must fail the invocation, so EventBridge's
 * retries and the rule's dead-letter queue (stacks/events.ts) take over. A proxy in front of the
 * run's SES emulator stalls or refuses this file's mail.
 */
const settings = readSettings({ ROSTER_PUBLIC_URL: "http://roster.test" });

let proxy: FaultProxy;
let notify: ReturnType<typeof createNotifyHandler>;
let mailer: ReturnType<typeof sesMailer>;
let db: Db;
beforeAll(async () => {
  proxy = await startFaultProxy(inject("sesEndpoint"));
  mailer = sesMailer({ endpoint: proxy.endpoint, from: "Roster <roster@example.com>", calls: BUDGET, ...localAws() });
  db = await freshTable();
  notify = createNotifyHandler({ mailer, log: silentLogger, settings, db });
});
beforeEach(() => proxy.pass());
afterAll(() => proxy?.stop());

/** What the notify rule delivers: an MFA_RESET about a fresh address. */
function busEvent(): EventBridgeEvent<string, Audit.AuditEvent> & { detail: { target: { email: string } } } {
  const email = `person-${randomUUID()}@example.com`;
  const detail = {
    id: `evt_${randomUUID()}`,
    type: "MFA_RESET",
    occurredAt: new Date().toISOString(),
    actor: { type: "user", id: "usr_admin", email: "admin@example.com" },
    target: { type: "user", id: "usr_person", email },
    tenant: null,
    changes: null,
    context: { requestId: "req_1", clientRequestId: null, ip: null, userAgent: null },
  } as Audit.AuditEvent & { target: { email: string } };
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "MFA_RESET",
    source: "roster",
    account: "123456789012",
    time: detail.occurredAt,
    region: "eu-central-1",
    resources: [],
    detail,
  };
}

describe("the notify Lambda with SES away", () => {
  it("fails the invocation when SES stalls, within the mail's budget, so EventBridge retries it", async () => {
    await proxy.stall();
    const event = busEvent();
    const started = performance.now();
    await expect(notify(event)).rejects.toMatchObject({ name: "TimeoutError" });
    const ms = performance.now() - started;
    expect(ms).toBeGreaterThanOrEqual(BUDGET.maxAttempts * BUDGET.requestTimeoutMs - 20);
    expect(ms).toBeLessThan(UPPER_BOUND_MS);
    expect(await mailsTo(event.detail.target.email)).toEqual([]);

    // The retry EventBridge makes once SES is back delivers it.
    await proxy.pass();
    await notify(event);
    expect(await mailsTo(event.detail.target.email)).toHaveLength(1);
  });

  it.each(["refuse", "close"] as const)("fails the invocation at once when SES %ss connections", async (mode) => {
    await proxy[mode]();
    const started = performance.now();
    await expect(notify(busEvent())).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("locally, the in-process bus logs the failed target as an error rather than dropping it", async () => {
    await proxy.refuse();
    const errors: { message: string; fields?: Record<string, unknown> }[] = [];
    const log: Logger = { ...silentLogger, error: (message, fields) => errors.push({ message, fields }) };
    const bus = inProcessBus(localTargets({ mailer, log: silentLogger, settings, db }), log);
    const { detail } = busEvent();
    expect(await bus.putEvents([{ source: "roster", detailType: detail.type, detail: JSON.stringify(detail), time: new Date(detail.occurredAt) }])).toEqual({ failed: [] });
    await bus.idle();
    expect(errors).toEqual([{ message: "A bus target failed", fields: expect.objectContaining({ rule: expect.any(String), type: "MFA_RESET" }) }]);
  });
});
