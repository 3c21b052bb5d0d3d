import { Events, silentLogger } from "@roster/core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent as recordEventIn, recordingBus, waitFor } from "../../../test/fixtures/stream-events";
import { createHarness, type Harness } from "../../../test/harness";
import { startStreamPoller } from "./stream-poller";
import { dynamoEndpoint } from "../../../test/dynamo-endpoint";

/*
 * A poller stopped and a new one started on the same checkpoint file, as a restarted `npm start`
 * would: events written while none ran come out of the new one, none lost.
 */
const endpoint = dynamoEndpoint();

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await createHarness();
  dir = mkdtempSync(join(tmpdir(), "roster-poller-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const recordEvent = () => recordEventIn(h);

function poller(checkpointFile: string, published: string[]) {
  const bus = recordingBus(published);
  return startStreamPoller({
    endpoint,
    table: h.table,
    log: silentLogger,
    intervalMs: 100,
    checkpointFile,
    handle: (records) => Events.publishAuditRecords({ bus, log: silentLogger }, records),
  });
}

describe("the stream poller restarted on its checkpoint", () => {
  it("delivers what was written before, during and after the restart; each once", async () => {
    const file = join(dir, "stream-checkpoint.json");
    const published: string[] = [];
    const first = await poller(file, published);
    const before = [await recordEvent(), await recordEvent(), await recordEvent()];
    await waitFor(() => before.every((id) => published.includes(id)));
    await first.stop();

    const whileDown = [await recordEvent(), await recordEvent(), await recordEvent()];
    const second = await poller(file, published);
    try {
      const after = [await recordEvent(), await recordEvent()];
      const all = [...before, ...whileDown, ...after];
      await waitFor(() => all.every((id) => published.includes(id)));
      // Stopped between batches, the first poller had saved past all it handled: no repeats.
      expect(published.filter((id) => all.includes(id))).toEqual(all);
    } finally {
      await second.stop();
    }
  });
});
