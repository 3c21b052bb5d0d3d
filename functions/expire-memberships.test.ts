import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { Throttle, type Logger, type Membership } from "@roster/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IndexKeys, Keys } from "../packages/core/src/store/keys";
import { localAws } from "../packages/local/src/local-aws";
import { createHarness, PUBLIC_URL, type Harness } from "../test/harness";
import { createExpireMembershipsHandler, handler } from "./expire-memberships";
import { dynamoEndpoint } from "../test/dynamo-endpoint";

/** What an EventBridge schedule (rate rule) delivers to its Lambda target. */
function scheduledEvent(time: Date): ScheduledEvent {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "123456789012",
    time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: "eu-central-1",
    resources: ["arn:aws:events:eu-central-1:123456789012:rule/roster-prod-expire-memberships"],
    detail: {},
  };
}

const lambdaContext = (remainingMs = 60_000) => ({ getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

let h: Harness;
let admin: string;
beforeAll(async () => {
  // A test moves the clock a throttle window on: the admin's token must outlive that.
  h = await createHarness({ env: { ROSTER_ACCESS_TOKEN_TTL_SECONDS: "86400" } });
  admin = (await h.owner("owner@job.example")).accessToken;
  expect((await h.call("POST", "/v1/tenants", { token: admin, body: { slug: "acme", name: "Acme" } })).status).toBe(201);
});

describe("the expire-memberships Lambda", () => {
  it("runs the expiry job on a scheduled event and logs the counts", async () => {
    const invited = await h.call("POST", "/v1/users", { token: admin, body: { email: `c-${randomUUID()}@job.example`, role: "CONTRACTOR" } });
    const userId = invited.body.user.id as string;
    const expiresAt = new Date(h.clock.now().getTime() + 600_000).toISOString();
    expect((await h.call("PUT", `/v1/tenants/acme/memberships/${userId}`, { token: admin, body: { role: "OPERATOR_FULL", expiresAt } })).status).toBe(201);

    const lines: { message: string; fields?: Record<string, unknown> }[] = [];
    const log: Logger = { info: (message, fields) => lines.push({ message, fields }), warn: () => {}, error: () => {} };
    const run = createExpireMembershipsHandler({ ...h.deps, log });

    h.clock.set(expiresAt);
    const event = scheduledEvent(h.clock.now());
    // Inside the warning window and due at once: recorded as expired, never warned late.
    expect(await run(event, lambdaContext())).toEqual({ expired: 1, warned: 0, throttlesReported: 0 });
    const expired = (await h.auditEvents()).filter((e) => e.type === "MEMBERSHIP_EXPIRED");
    expect(expired).toHaveLength(1);
    expect(expired[0].target.id).toBe(`acme/${userId}`);
    expect(expired[0].context).toEqual({ requestId: event.id, clientRequestId: null, ip: null, userAgent: null });
    expect(lines).toEqual([
      { message: "Membership expiry job ran", fields: expect.objectContaining({ expired: 1, warned: 0, itemsRead: 1, stoppedEarly: false }) },
    ]);

    expect(await run(scheduledEvent(h.clock.now()), lambdaContext())).toEqual({ expired: 0, warned: 0, throttlesReported: 0 });
  });

  it("records the sign-in throttle windows that refused attempts, once each, after they ended", async () => {
    for (let i = 0; i < 7; i++) await h.call("POST", "/v1/auth/login", { body: { email: "guessed@job.example", password: "not it, not it" }, ip: `203.0.113.${i}` });
    const run = createExpireMembershipsHandler(h.deps);
    h.clock.advance(Throttle.THROTTLE_WINDOW_MS);
    const event = scheduledEvent(h.clock.now());
    expect(await run(event, lambdaContext())).toMatchObject({ throttlesReported: 1 });
    const recorded = (await h.auditEvents()).filter((e) => e.type === "LOGIN_THROTTLED");
    expect(recorded).toEqual([
      expect.objectContaining({ target: { type: "email", id: "guessed@job.example", email: "guessed@job.example" }, context: expect.objectContaining({ requestId: event.id }) }),
    ]);
    expect(recorded[0].changes.refusedAttempts).toEqual({ before: null, after: 2 });
    expect(await run(scheduledEvent(h.clock.now()), lambdaContext())).toMatchObject({ throttlesReported: 0 });
  });

  it("stops taking memberships when the Lambda nears its timeout", async () => {
    const invited = await h.call("POST", "/v1/users", { token: admin, body: { email: `late-${randomUUID()}@job.example`, role: "OPERATOR" } });
    const userId = invited.body.user.id as string;
    const expiresAt = new Date(h.clock.now().getTime() + 60_000).toISOString();
    expect((await h.call("PUT", `/v1/tenants/acme/memberships/${userId}`, { token: admin, body: { role: "OPERATOR_FULL", expiresAt } })).status).toBe(201);
    h.clock.set(expiresAt);
    const run = createExpireMembershipsHandler(h.deps);
    expect(await run(scheduledEvent(h.clock.now()), lambdaContext(5_000))).toEqual({ expired: 0, warned: 0, throttlesReported: 0 });
    expect(await run(scheduledEvent(h.clock.now()), lambdaContext())).toEqual({ expired: 1, warned: 0, throttlesReported: 0 });
  });

  describe("the exported handler, configured from its environment", () => {
    const saved = { ...process.env };
    afterAll(() => {
      process.env = saved;
    });

    it("builds its ports once from the environment and runs on the system clock", async () => {
      // A membership that ended an hour ago by the real clock, written as the grant writes it.
      const userId = `usr_env${Date.now().toString(36)}`;
      const expiresAt = new Date(Date.now() - 3_600_000).toISOString();
      await h.deps.db.doc.send(new PutCommand({ TableName: h.table, Item: { ...Keys.user(userId), entity: "User", id: userId, operatorMemberships: 1, memberTenants: new Set(["acme"]) } }));
      const membership: Membership.MembershipItem = {
        ...Keys.membership("acme", userId),
        entity: "Membership",
        tenant: { slug: "acme", name: "Acme" },
        tenantCreatedAt: expiresAt,
        user: { id: userId, email: "env@job.example", displayName: null },
        role: "OPERATOR_READONLY",
        expiresAt,
        grantedBy: { id: "usr_admin", email: "owner@job.example" },
        grantedAt: expiresAt,
      };
      await h.deps.db.doc.send(new PutCommand({ TableName: h.table, Item: { ...membership, ...IndexKeys.membership("acme", userId, expiresAt) } }));

      const { region, credentials } = localAws();
      Object.assign(process.env, {
        AWS_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
        ROSTER_TABLE_NAME: h.table,
        ROSTER_PUBLIC_URL: PUBLIC_URL,
        POWERTOOLS_LOG_LEVEL: "SILENT",
      });
      const first = await handler(scheduledEvent(new Date()), lambdaContext());
      expect(first.expired).toBeGreaterThanOrEqual(1);
      const item = (await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: Keys.membership("acme", userId), ConsistentRead: true }))).Item;
      expect(item?.expiredAt).toBeDefined();
      expect(item).not.toHaveProperty("gsi4pk");
      expect(await handler(scheduledEvent(new Date()), lambdaContext())).toEqual({ expired: 0, warned: 0, throttlesReported: 0 });
    });
  });
});
