import { Events, silentLogger } from "@roster/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAULT_BUDGET } from "../../../test/fixtures/fault-budget";
import { startFaultProxy, type FaultProxy } from "../../../test/fixtures/fault-proxy";
import { recordEvent as recordEventIn, recordingBus, waitFor } from "../../../test/fixtures/stream-events";
import { createHarness, type Harness } from "../../../test/harness";
import { startStreamPoller, type StreamPoller } from "./stream-poller";
import { dynamoEndpoint } from "../../../test/dynamo-endpoint";

/*
 * The local stand-in for the stream's event source mapping with DynamoDB Local away: its stream
 * calls go through a proxy that stalls or refuses, while the audit events are written to the table
 * directly. A failed poll is retried from the shard's checkpoint, so once the stream answers again
 * every event comes out, in order, and (nothing having failed after reaching the bus) once.
 */
let proxy: FaultProxy;
let h: Harness;
let poller: StreamPoller;
const published: string[] = [];
const warnings: string[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy(dynamoEndpoint());
  h = await createHarness();
  const bus = recordingBus(published);
  poller = await startStreamPoller({
    endpoint: proxy.endpoint,
    table: h.table,
    log: { ...silentLogger, warn: (message) => void warnings.push(message) },
    intervalMs: 100,
    calls: FAULT_BUDGET,
    handle: (records) => Events.publishAuditRecords({ bus, log: silentLogger }, records),
  });
});
afterAll(async () => {
  await poller?.stop();
  await proxy?.stop();
});

const recordEvent = () => recordEventIn(h);

describe("the stream poller with DynamoDB Local away", () => {
  it.each([
    ["stalled", (p: FaultProxy) => p.stall()],
    ["answers lost", (p: FaultProxy) => p.stall({ matching: "GetRecords", deliver: true })],
    ["refusing", (p: FaultProxy) => p.refuse()],
  ])("%s: polls fail and are retried from the checkpoint; every event comes out once, in order", async (_name, fail) => {
    const before = await recordEvent();
    await waitFor(() => published.includes(before));
    expect(published).toContain(before);

    const failuresBefore = warnings.length;
    await fail(proxy);
    const during = [await recordEvent(), await recordEvent(), await recordEvent()];
    await waitFor(() => warnings.length > failuresBefore);
    expect(warnings.slice(failuresBefore)).toContain("Polling the table's stream failed; retrying");

    await proxy.pass();
    await waitFor(() => during.every((id) => published.includes(id)));
    const ours = [before, ...during];
    expect(published.filter((id) => ours.includes(id))).toEqual(ours);
  });
});
