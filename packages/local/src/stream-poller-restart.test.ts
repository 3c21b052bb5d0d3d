import { Audit, Events, silentLogger, type Actor } from "@roster/core";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createHarness, type Harness } from "../../../test/harness";
import { startStreamPoller } from "./stream-poller";

/*
 * A poller stopped and a new one started on the same checkpoint file, as a restarted `npm start`
 * would: events written while none ran come out of the new one, none lost.
 */
const endpoint = inject("dynamoEndpoint");
const context = { requestId: "req_poller_restart", clientRequestId: null, ip: null, userAgent: null };
const admin: Actor = { type: "user", id: "usr_admin", email: "admin@example.com", role: "SUPER_ADMIN", isOwner: true, sessionId: null };

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await createHarness();
  dir = mkdtempSync(join(tmpdir(), "roster-poller-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function recordEvent(): Promise<string> {
  const email = `p-${randomUUID()}@example.com`;
  await Audit.recordAlone(h.deps, { type: "MFA_RESET", actor: admin, target: { type: "user", id: `usr_${randomUUID()}`, email }, context });
  return email;
}

async function waitFor(condition: () => boolean, timeoutMs = 8_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

function poller(checkpointFile: string, published: string[]) {
  const bus: Events.EventBus = {
    putEvents: async (entries) => {
      published.push(...entries.map((entry) => JSON.parse(entry.detail).target.email as string));
      return { failed: [] };
    },
  };
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
