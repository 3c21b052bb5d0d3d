import { Events, silentLogger, type Logger } from "@roster/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { streamRecord } from "../test/fakes/stream-record";
import { localAws } from "../packages/local/src/local-aws";
import { startFaultProxy, type FaultProxy } from "../test/fixtures/fault-proxy";
import { createPublishAuditHandler } from "./publish-audit";

/*
 * The publish-audit Lambda with EventBridge away: the real SDK client, on its call budget, against
 * an endpoint that stalls or refuses. No EventBridge runs locally, so the proxy forwards nowhere:
 * it is only ever stalled, closed or refusing here. What the bus does when it answers is
 * publish-audit.test.ts's subject.
 */
const BUDGET = { connectTimeoutMs: 250, requestTimeoutMs: 300, maxAttempts: 1 };

let proxy: FaultProxy;
beforeAll(async () => {
  proxy = await startFaultProxy("http://127.0.0.1:9");
});
beforeEach(() => proxy.stall());
afterAll(() => proxy?.stop());

const audit = (n: number) => {
  const occurredAt = new Date(Date.UTC(2025, 2, 1, 12, 0, n)).toISOString();
  return streamRecord("INSERT", {
    pk: "AUDIT",
    sk: `${occurredAt}#evt_${n}`,
    entity: "AuditEvent",
    id: `evt_${n}`,
    type: "USER_ROLE_CHANGED",
    occurredAt,
    actor: { type: "user", id: "usr_admin", email: "admin@example.com" },
    target: { type: "user", id: `usr_${n}`, email: `person${n}@example.com` },
    tenant: null,
    changes: null,
    context: { requestId: `req_${n}`, clientRequestId: null, ip: null, userAgent: null },
  });
};

function handlerOnProxy() {
  const errors: string[] = [];
  const log: Logger = { ...silentLogger, error: (message) => void errors.push(message) };
  const bus = Events.createEventBridgeBus({ busName: "roster-test-bus", endpoint: proxy.endpoint, calls: BUDGET, ...localAws() });
  // The publisher's own backoff between its attempts is not what this tests.
  return { handle: createPublishAuditHandler({ bus, log, sleep: async () => {} }), errors };
}

describe("the publish-audit Lambda with EventBridge away", () => {
  it.each(["stall", "close", "refuse"] as const)("%s: reports the batch's first event for retry, within its budget, and logs it", async (mode) => {
    await proxy[mode]();
    const records = [audit(1), audit(2), audit(3)];
    const { handle, errors } = handlerOnProxy();
    const started = performance.now();
    const result = await handle({ Records: records });
    // Lambda (ReportBatchItemFailures) retries the batch from this record: none of it is lost.
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: records[0]!.dynamodb!.SequenceNumber }] });
    // Every attempt of the publisher timed out on the budget, and no more.
    expect(performance.now() - started).toBeLessThan(Events.PUBLISH_ATTEMPTS * BUDGET.requestTimeoutMs + 5_000);
    expect(errors).toEqual(["Audit events could not be published; the stream batch will be retried from the first of them"]);
  });
});
