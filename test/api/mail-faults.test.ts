import { sesMailer, type Mailer } from "@roster/core";
import { createApp } from "@roster/http";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { localAws } from "../../packages/local/src/local-aws";
import { FAULT_BUDGET as BUDGET, UPPER_BOUND_MS } from "../fixtures/fault-budget";
import { startFaultProxy, type FaultProxy } from "../fixtures/fault-proxy";
import { createHarness, type Harness } from "../harness";

/*
 * SES away while an admin invites: the invitation is committed before the mail is sent, so it is
 * kept, and the answer says the mail failed. A proxy in front of the run's SES emulator stalls or
 * refuses this file's mail only; the table is reached as usual.
 */

let proxy: FaultProxy;
let mailer: Mailer;
let h: Harness;
let app: ReturnType<typeof createApp>;
let admin: string;

beforeAll(async () => {
  proxy = await startFaultProxy(inject("sesEndpoint"));
  mailer = sesMailer({ endpoint: proxy.endpoint, from: "Roster <roster@example.com>", calls: BUDGET, ...localAws() });
  h = await createHarness();
  // The owner is set up with the run's SES; the app under test mails through the proxy.
  admin = (await h.owner("owner@mail-faults.example")).accessToken;
  app = createApp({ ...h.deps, mailer }, { clientIp: () => "192.0.2.1" });
});
beforeEach(() => proxy.pass());
afterAll(() => proxy?.stop());

async function post(path: string, body?: unknown) {
  const started = performance.now();
  const response = await app.request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${admin}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any, ms: performance.now() - started };
}

/** The invitation is there and its link works: the setup page can be opened with it. */
async function expectKept(userId: string, setupUrl: string) {
  const user = await h.call("GET", `/v1/users/${userId}`, { token: admin });
  expect({ status: user.status, userStatus: user.body.status }).toEqual({ status: 200, userStatus: "INVITED" });
  expect((await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(setupUrl) } })).status).toBe(200);
}

describe("SES stalled", () => {
  it('an invitation answers 201 with emailDelivery "failed" once the mail\'s budget is spent, and is kept', async () => {
    await proxy.stall();
    const invited = await post("/v1/users", { email: "stalled-mail@mail-faults.example", role: "OPERATOR" });
    expect({ status: invited.status, emailDelivery: invited.body.emailDelivery }).toEqual({ status: 201, emailDelivery: "failed" });
    // Both attempts waited their timeout: the budget ended the wait, within a few seconds.
    expect(invited.ms).toBeGreaterThanOrEqual(BUDGET.maxAttempts * BUDGET.requestTimeoutMs - 20);
    expect(invited.ms).toBeLessThan(UPPER_BOUND_MS);
    await expectKept(invited.body.user.id, invited.body.setupUrl);
  });
});

describe("SES refusing", () => {
  it.each(["refuse", "close"] as const)('%s: the invitation answers 201 with emailDelivery "failed" at once, and is kept', async (mode) => {
    await proxy[mode]();
    const invited = await post("/v1/users", { email: `${mode}d-mail@mail-faults.example`, role: "OPERATOR" });
    expect({ status: invited.status, emailDelivery: invited.body.emailDelivery }).toEqual({ status: 201, emailDelivery: "failed" });
    expect(invited.ms).toBeLessThan(UPPER_BOUND_MS / 2);
    await expectKept(invited.body.user.id, invited.body.setupUrl);

    // A new link is mailed the same way: renewed, and the answer says the mail failed.
    const renewed = await post(`/v1/users/${invited.body.user.id}/setup-token`);
    expect({ status: renewed.status, emailDelivery: renewed.body.emailDelivery }).toEqual({ status: 200, emailDelivery: "failed" });
    await expectKept(invited.body.user.id, renewed.body.setupUrl);
  });
});

describe("SES back", () => {
  it("the same mailer sends again once SES answers", async () => {
    await proxy.stall();
    expect((await post("/v1/users", { email: "before-back@mail-faults.example", role: "OPERATOR" })).body.emailDelivery).toBe("failed");
    await proxy.pass();
    const invited = await post("/v1/users", { email: "back@mail-faults.example", role: "OPERATOR" });
    expect({ status: invited.status, emailDelivery: invited.body.emailDelivery }).toEqual({ status: 201, emailDelivery: "sent" });
    expect(await h.mailsTo("back@mail-faults.example")).toHaveLength(1);
  });
});
