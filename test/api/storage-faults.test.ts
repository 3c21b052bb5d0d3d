import { createDb, DEFAULT_CALL_BUDGET, worstCaseMs } from "@roster/core";
import { createApp } from "@roster/http";
import { Keys } from "@roster/core/store/keys";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { localAws } from "../../packages/local/src/local-aws";
import { FAULT_BUDGET as BUDGET, FAULT_BUDGET_ENV, UPPER_BOUND_MS } from "../fixtures/fault-budget";
import { startFaultProxy, type FaultProxy } from "../fixtures/fault-proxy";
import { auditEvents } from "../fixtures/observe";
import { createHarness, type Harness } from "../harness";
import { dynamoEndpoint } from "../dynamo-endpoint";

/*
 * DynamoDB away, as the API meets it: a proxy in front of the run's DynamoDB Local stalls or
 * refuses this file's connections only. The app runs on a small call budget so a stall costs a
 * second or two; one test keeps production's budget, to show what the documented figures give.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;

let proxy: FaultProxy;
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;

beforeAll(async () => {
  proxy = await startFaultProxy(dynamoEndpoint());
  h = await createHarness({ dynamoEndpoint: proxy.endpoint, env: FAULT_BUDGET_ENV });
  owner = await h.owner("owner@faults.example");
});
beforeEach(() => proxy.pass());
afterAll(() => proxy?.stop());

/** The four requests of the brief: who am I, a list, a sign-in, an invitation. */
const requests = (email: string) => ({
  me: () => h.call("GET", "/v1/me", { token: owner.accessToken }),
  list: () => h.call("GET", "/v1/users", { token: owner.accessToken }),
  signIn: () => h.call("POST", "/v1/auth/login", { body: { email: owner.email, password: "not the password at all", totpCode: "123456" }, ip: "198.51.100.7" }),
  invite: () => h.call("POST", "/v1/users", { token: owner.accessToken, body: { email, role: "OPERATOR" } }),
});

async function timed(call: () => Promise<Res>) {
  const started = performance.now();
  const res = await call();
  return { res, ms: performance.now() - started };
}

/** Each request, all at once: a stall costs the budget once, not four times. */
async function allAtOnce(email: string) {
  const entries = Object.entries(requests(email));
  const results = await Promise.all(entries.map(([, call]) => timed(call)));
  return Object.fromEntries(entries.map(([name], i) => [name, results[i]!]));
}

function expectUnavailable(res: Res, name: string) {
  expect({ name, status: res.status, code: res.body?.code }).toEqual({ name, status: 503, code: "service.unavailable" });
  expect(res.headers.get("retry-after"), name).toMatch(/^\d+$/);
  const text = JSON.stringify(res.body);
  // No stack, no SDK message, no address of the table.
  expect(text).not.toMatch(/\n\s*at |node_modules|TimeoutError|ECONN|127\.0\.0\.1/);
}

/** The items an invitation writes in its one transaction, read on DynamoDB Local itself. */
async function invitationItems(email: string) {
  const get = async (key: { pk: string; sk: string }) => (await h.direct.doc.send(new GetCommand({ TableName: h.direct.table, Key: key, ConsistentRead: true }))).Item;
  const claim = await get(Keys.email(email));
  const profile = claim ? await get(Keys.user(String(claim.userId))) : undefined;
  const setupToken = profile?.setupTokenHash ? await get(Keys.setupToken(String(profile.setupTokenHash))) : undefined;
  const audit = (await auditEvents({ db: h.direct })).filter((event) => event.type === "USER_INVITED" && event.target.email === email);
  return { claim: Boolean(claim), profile: Boolean(profile), setupToken: Boolean(setupToken), audit: audit.length };
}

describe("DynamoDB stalled", () => {
  it("a request answers 503 service.unavailable once the call budget is spent, not when API Gateway gives up", async () => {
    await proxy.stall();
    const results = await allAtOnce("stalled@faults.example");
    for (const [name, { res, ms }] of Object.entries(results)) {
      expectUnavailable(res, name);
      // Every attempt waited its full request timeout: the budget, not luck, ended the wait…
      expect(ms, name).toBeGreaterThanOrEqual(BUDGET.maxAttempts * BUDGET.requestTimeoutMs - 20);
      // …and nothing waited past it by more than a loaded machine's slack.
      expect(ms, name).toBeLessThan(UPPER_BOUND_MS);
    }
    expect(proxy.stalledConnections()).toBeGreaterThan(0);
    expect(await invitationItems("stalled@faults.example")).toEqual({ claim: false, profile: false, setupToken: false, audit: 0 });
  });

  it("with production's budget, a stalled table still answers 503 within the documented worst case", async () => {
    // No `calls`: createDb's defaults, the figures the README documents.
    const db = createDb({ table: h.table, endpoint: proxy.endpoint, ...localAws() });
    const app = createApp({ ...h.deps, db }, { clientIp: () => "192.0.2.1" });
    await proxy.stall();
    const started = performance.now();
    const res = await app.request("/v1/me", { headers: { Authorization: `Bearer ${owner.accessToken}` } });
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe("service.unavailable");
    expect(ms).toBeGreaterThanOrEqual(DEFAULT_CALL_BUDGET.maxAttempts * DEFAULT_CALL_BUDGET.requestTimeoutMs - 20);
    expect(ms).toBeLessThan(worstCaseMs(DEFAULT_CALL_BUDGET) + 2_000);
    db.doc.destroy();
  });

  it("an invitation whose transaction never reaches the table leaves nothing of it", async () => {
    // Reads pass, the transaction stalls: the request gets as far as writing.
    await proxy.stall({ matching: "TransactWriteItems" });
    const email = "never-written@faults.example";
    expectUnavailable(await requests(email).invite(), "invite");
    expect(await invitationItems(email)).toEqual({ claim: false, profile: false, setupToken: false, audit: 0 });
  });

  it("an invitation whose answer is lost is all there or not at all, and saying it again is refused, not doubled", async () => {
    // DynamoDB commits the transaction; its answer (and the retry's) never comes back.
    await proxy.stall({ matching: "TransactWriteItems", deliver: true });
    const email = "answer-lost@faults.example";
    expectUnavailable(await requests(email).invite(), "invite");
    expect(await invitationItems(email)).toEqual({ claim: true, profile: true, setupToken: true, audit: 1 });

    await proxy.pass();
    const again = await requests(email).invite();
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: "user.email_taken" });
    expect((await invitationItems(email)).audit).toBe(1);
  });

  it("a failed sign-in whose audit put answers late is one 401 and one record, not a 500", async () => {
    // The put lands, its answer is lost; the SDK sends it again, which finds the event already there.
    await proxy.stall({ matching: "PutItem", deliver: true });
    const before = (await auditEvents({ db: h.direct })).filter((event) => event.type === "LOGIN_FAILED").length;
    const answer = requests("late@faults.example").signIn();
    await expect.poll(() => proxy.stalledConnections(), { timeout: UPPER_BOUND_MS }).toBeGreaterThan(0);
    await proxy.pass();
    const res = await answer;
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: "auth.invalid_credentials" });
    expect((await auditEvents({ db: h.direct })).filter((event) => event.type === "LOGIN_FAILED").length).toBe(before + 1);
  });
});

describe("DynamoDB refusing", () => {
  it.each(["refuse", "close"] as const)("%s: every request answers 503 at once, without waiting out a timeout", async (mode) => {
    await proxy[mode]();
    const results = await allAtOnce(`${mode}d@faults.example`);
    for (const [name, { res, ms }] of Object.entries(results)) {
      expectUnavailable(res, name);
      // A refused connection is known at once: well under one request timeout per attempt.
      expect(ms, name).toBeLessThan(UPPER_BOUND_MS / 2);
    }
    expect(await invitationItems(`${mode}d@faults.example`)).toEqual({ claim: false, profile: false, setupToken: false, audit: 0 });
  });
});

describe("DynamoDB back", () => {
  it("the same app answers again as soon as the table does, with no restart", async () => {
    await proxy.stall();
    expectUnavailable(await requests("x@faults.example").me(), "me");
    await proxy.refuse();
    expectUnavailable(await requests("x@faults.example").me(), "me");

    await proxy.pass();
    const { me, list, invite } = requests("after-recovery@faults.example");
    expect((await me()).status).toBe(200);
    expect((await list()).status).toBe(200);
    const invited = await invite();
    expect(invited.status).toBe(201);
    expect(await invitationItems("after-recovery@faults.example")).toEqual({ claim: true, profile: true, setupToken: true, audit: 1 });
  });
});
