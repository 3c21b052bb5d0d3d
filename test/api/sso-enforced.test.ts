import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Events, silentLogger, type PasswordHasher } from "@roster/core";
import { Keys } from "@roster/core/store/keys";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inProcessBus, localTargets, type InProcessBus } from "../../packages/local/src/in-process-bus";
import { startStreamPoller, type StreamPoller } from "../../packages/local/src/stream-poller";
import { dynamoEndpoint } from "../dynamo-endpoint";
import { GOOD_PASSWORD } from "../fixtures/people";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { createHarness, type Harness } from "../harness";

/*
 * Enforced single sign-on: invitations, and role and membership changes of the people the
 * identity provider manages, answer 409 `sso.managed`; password sign-in is the owner's alone (the
 * break-glass path, audited, and mailed to every SUPER_ADMIN by the notify consumer: this file runs
 * the fan-out as `npm start` wires it, the table's stream through the in-process bus).
 */

let h: Harness;
let op: OidcProvider;
let ownerToken: string;
let owner: { email: string; secret: string; id: string };
let admin: { email: string; secret: string; id: string };
let ssoPerson: { email: string; secret: string; id: string };
let scimPerson: { email: string; secret: string; id: string };
let localPerson: { email: string; secret: string; id: string };
let resetPerson: { email: string; secret: string; id: string };
let address = 0;
let poller: StreamPoller;
let bus: InProcessBus;

const login = (body: Record<string, unknown>) => h.call("POST", "/v1/auth/login", { body, ip: `203.0.${Math.floor(++address / 250)}.${address % 250}` });
const signInBody = (person: { email: string; secret: string }) => ({ email: person.email, password: GOOD_PASSWORD, totpCode: h.nextCode(person.secret) });
const configure = (enforced: boolean) =>
  h.call("PUT", "/v1/sso", {
    token: ownerToken,
    body: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, roles: [{ group: "ops", role: "OPERATOR" }], memberships: [], enforced },
  });
const expectManaged = (res: { status: number; body: { code?: string }; calls: number }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(409);
  expect(res.body.code).toBe("sso.managed");
  expect(res.calls).toBeLessThanOrEqual(3);
};
/** The account's throttle window moves on, so one test's refused attempts do not weigh on the next. */
const nextWindow = () => h.clock.advance(3 * 3600_000);
/** Enforcement toggled by another process (another Lambda): this one's last sight of it is now wrong. */
const toggleElsewhere = (enforced: boolean) =>
  h.deps.db.doc.send(
    new UpdateCommand({ TableName: h.table, Key: Keys.sso(), UpdateExpression: "SET enforced = :e", ExpressionAttributeValues: { ":e": enforced } }),
  );
const loginFailures = async (userId: string) => (await h.auditEvents()).filter((e) => e.type === "LOGIN_FAILED" && e.target.id === userId);
async function waitForMails(to: string, matching: RegExp, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await h.mailsTo(to)).filter((mail) => matching.test(mail.subject ?? JSON.stringify(mail)));
    if (mails.length > 0 || Date.now() > deadline) return mails;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  h = await createHarness({ env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: "1000", ROSTER_ACCESS_TOKEN_TTL_SECONDS: String(30 * 86400) } });
  op = await startOidcProvider({ redirectUri: `${h.deps.settings.publicUrl}/v1/sso/callback` });
  const signedIn = await h.owner("owner@sso-enforced.example");
  ownerToken = signedIn.accessToken;
  owner = signedIn;
  [admin, ssoPerson, scimPerson, localPerson, resetPerson] = await Promise.all([
    h.activeUser(ownerToken, "admin@sso-enforced.example", "SUPER_ADMIN"),
    h.activeUser(ownerToken, "sso@sso-enforced.example"),
    h.activeUser(ownerToken, "scim@sso-enforced.example"),
    h.activeUser(ownerToken, "local@sso-enforced.example"),
    h.activeUser(ownerToken, "reset@sso-enforced.example"),
  ]);
  await h.setProfile(ssoPerson.id, "source", "sso");
  await h.setProfile(scimPerson.id, "source", "scim");
  await h.createTenant(ownerToken, "acme");
  for (const person of [scimPerson, localPerson]) {
    expect((await h.call("PUT", `/v1/tenants/acme/memberships/${person.id}`, { token: ownerToken, body: { role: "OPERATOR_READONLY" } })).status).toBe(201);
  }
  expect((await configure(false)).status).toBe(200);
  bus = inProcessBus(localTargets(h.deps), silentLogger);
  poller = await startStreamPoller({
    endpoint: dynamoEndpoint(),
    table: h.table,
    log: silentLogger,
    intervalMs: 100,
    handle: (records) => Events.publishAuditRecords({ bus, log: silentLogger }, records),
  });
});

afterAll(async () => {
  await poller?.stop();
  await bus?.idle();
  await op?.stop();
});

describe("SSO not enforced", () => {
  it("changes nothing: invitations, role and membership changes of SSO people, password sign-in", async () => {
    const invited = await h.call("POST", "/v1/users", { token: ownerToken, body: { email: "before@sso-enforced.example", role: "OPERATOR" } });
    expect(invited.status).toBe(201);
    const role = await h.call("PUT", `/v1/users/${ssoPerson.id}/role`, { token: ownerToken, body: { role: "VIEWER" } });
    expect(role.status, JSON.stringify(role.body)).toBe(200);
    expect((await h.call("PUT", `/v1/users/${ssoPerson.id}/role`, { token: ownerToken, body: { role: "OPERATOR" } })).status).toBe(200);
    const membership = await h.call("PUT", `/v1/tenants/acme/memberships/${scimPerson.id}`, { token: ownerToken, body: { role: "OPERATOR_FULL" } });
    expect(membership.status).toBe(200);
    nextWindow();
    const signedIn = await login(signInBody(ssoPerson));
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.calls).toBe(3);
    const ownerIn = await login(signInBody(owner));
    expect(ownerIn.status).toBe(200);
    expect(ownerIn.calls).toBe(3);
    expect((await h.auditEvents()).filter((e) => e.type === "SSO_BREAK_GLASS_LOGIN")).toHaveLength(0);
  });
});

describe("SSO enforced", () => {
  beforeAll(async () => {
    expect((await configure(true)).status).toBe(200);
  });

  it("refuses every invitation with 409 sso.managed, within the round-trip budget", async () => {
    expectManaged(await h.call("POST", "/v1/users", { token: ownerToken, body: { email: "new@sso-enforced.example", role: "OPERATOR" } }));
    const client = await h.call("POST", "/v1/tenants/acme/invitations", { token: ownerToken, body: { email: "client@clients.example", role: "CLIENT_ADMIN" } });
    expect(client.status).toBe(409);
    expect(client.body.code).toBe("sso.managed");
    expect((await h.call("GET", "/v1/users?q=new@sso-enforced.example", { token: ownerToken })).body.items ?? []).toHaveLength(0);
  });

  it("refuses role and membership changes of SSO and SCIM people; local people stay the admins' to change", async () => {
    expectManaged(await h.call("PUT", `/v1/users/${scimPerson.id}/role`, { token: ownerToken, body: { role: "CONTRACTOR" } }));
    expectManaged(await h.call("PUT", `/v1/tenants/acme/memberships/${scimPerson.id}`, { token: ownerToken, body: { role: "OPERATOR_READONLY" } }));
    const revoke = await h.call("DELETE", `/v1/tenants/acme/memberships/${scimPerson.id}`, { token: ownerToken });
    expect(revoke.status).toBe(409);
    expect(revoke.body.code).toBe("sso.managed");
    expectManaged(await h.call("PUT", `/v1/users/${ssoPerson.id}/role`, { token: ownerToken, body: { role: "SUPER_ADMIN" } }));

    const localMembership = await h.call("PUT", `/v1/tenants/acme/memberships/${localPerson.id}`, { token: ownerToken, body: { role: "OPERATOR_FULL" } });
    expect(localMembership.status).toBe(200);
    expect(localMembership.calls).toBeLessThanOrEqual(3);
    expect((await h.call("DELETE", `/v1/tenants/acme/memberships/${localPerson.id}`, { token: ownerToken })).status).toBe(204);
    const localRole = await h.call("PUT", `/v1/users/${localPerson.id}/role`, { token: ownerToken, body: { role: "VIEWER" } });
    expect(localRole.status).toBe(200);
    expect(localRole.calls).toBeLessThanOrEqual(3);
  });

  it("refuses every non-owner's password sign-in as any failure: same 401, round trips and hashing as an unknown email", async () => {
    nextWindow();
    const real = h.deps.passwords;
    let verifies = 0;
    const counting: PasswordHasher = { hash: real.hash, verify: (hash, password) => ((verifies += 1), real.verify(hash, password)) };
    h.deps.passwords = counting;
    const codes = new Map<string, string>();
    try {
      for (const person of [ssoPerson, scimPerson, localPerson, admin, { email: "nobody@sso-enforced.example", secret: owner.secret }]) {
        verifies = 0;
        const body = signInBody(person);
        codes.set(person.email, body.totpCode);
        const res = await login(body);
        expect(res.status, person.email).toBe(401);
        expect(res.body.code).toBe("auth.invalid_credentials");
        expect(res.calls).toBe(3);
        expect(verifies).toBe(1);
      }
      // Recorded like any refused sign-in, against the person.
      for (const person of [ssoPerson, scimPerson, localPerson, admin]) expect(await loginFailures(person.id), person.email).toHaveLength(1);
    } finally {
      h.deps.passwords = real;
    }
    // The console's sign-in refuses the same way.
    const form = await h.call("POST", "/console/sign-in", { form: { email: localPerson.email, password: GOOD_PASSWORD, totpCode: h.nextCode(localPerson.secret) } });
    expect(form.headers.get("Set-Cookie") ?? "").not.toMatch(/__Host-roster_session=[^;]/);
    // No TOTP step was spent: with enforcement off, the refused code still signs in.
    expect((await configure(false)).status).toBe(200);
    const again = await login({ email: localPerson.email, password: GOOD_PASSWORD, totpCode: codes.get(localPerson.email) });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await configure(true)).status).toBe(200);
  });

  it("refuses the right password of a non-owner whose authenticator was reset: 401 and LOGIN_FAILED, no enrollment token, within budget", async () => {
    nextWindow();
    expect((await h.call("POST", `/v1/users/${resetPerson.id}/mfa-reset`, { token: ownerToken })).status).toBe(200);
    const res = await login({ email: resetPerson.email, password: GOOD_PASSWORD });
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.body.code).toBe("auth.invalid_credentials");
    expect(res.body.enrollmentToken).toBeUndefined();
    expect(res.calls).toBe(3);
    expect(await loginFailures(resetPerson.id)).toHaveLength(1);
  });

  it("race: enforcing while a non-owner signs in: no sign-in that starts after the enforcing write answered opens a session", async () => {
    for (let round = 0; round < 4; round++) {
      nextWindow();
      expect((await configure(false)).status).toBe(200);
      let answeredAt = Infinity;
      const enforcing = configure(true).then((res) => {
        answeredAt = performance.now();
        return res;
      });
      const attempts = Array.from({ length: 4 }, async (_, i) => {
        await new Promise((resolve) => setTimeout(resolve, i * 15));
        const startedAt = performance.now();
        const res = await login(signInBody(localPerson));
        return { startedAt, status: res.status };
      });
      expect((await enforcing).status).toBe(200);
      for (const attempt of await Promise.all(attempts)) {
        if (attempt.startedAt > answeredAt) expect(attempt.status).toBe(401);
        else expect([200, 401]).toContain(attempt.status);
      }
      nextWindow();
      expect((await login(signInBody(localPerson))).status).toBe(401);
    }
  });

  it("lets the owner in with password and TOTP (break-glass), even with the provider down: audited and mailed to every SUPER_ADMIN", async () => {
    nextWindow();
    await op.stop();
    const res = await login(signInBody(owner));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Throttle slots, the profile, and the break-glass transaction (conditioned on SSO being
    // enforced, with SSO_BREAK_GLASS_LOGIN): the mail is the notify consumer's, not the request's.
    expect(res.calls).toBe(3);
    const events = (await h.auditEvents()).filter((e) => e.type === "SSO_BREAK_GLASS_LOGIN");
    expect(events).toHaveLength(1);
    expect(events[0].actor.id).toBe(owner.id);
    expect(events[0].target).toMatchObject({ type: "session", id: res.body.sessionId ?? expect.any(String) });
    for (const to of [owner.email, admin.email]) expect(await waitForMails(to, /break-glass/i), to).toHaveLength(1);
    await bus.idle();
    expect((await h.mailsTo(localPerson.email)).some((mail) => /break-glass/i.test(JSON.stringify(mail)))).toBe(false);
    // The console's password sign-in lets the owner in too, and its Invite is refused with why.
    const { cookie, csrf } = await h.consoleSession(owner);
    const invite = await h.call("POST", "/console/team/invite", { cookie, form: { _csrf: csrf, email: "console-new@sso-enforced.example", role: "OPERATOR" } });
    expect(invite.status).toBe(409);
    expect(String(invite.body)).toContain("Single sign-on is enforced: people come from your identity provider");
  });

  it("race: enforcement toggled by another process costs one round trip more, never a wrong answer, and is then known", async () => {
    nextWindow();
    // Off elsewhere: this process still guesses enforced.
    await toggleElsewhere(false);
    const local = await login(signInBody(localPerson));
    expect(local.status, JSON.stringify(local.body)).toBe(200);
    expect(local.calls).toBe(4);
    const ownerIn = await login(signInBody(owner));
    expect(ownerIn.status).toBe(200);
    expect(ownerIn.calls).toBe(3);

    // On again elsewhere: the owner's next sign-in is break-glass after one wrong guess, and a
    // non-owner's then is refused and recorded at three.
    await toggleElsewhere(true);
    const before = (await h.auditEvents()).filter((e) => e.type === "SSO_BREAK_GLASS_LOGIN").length;
    const breakGlass = await login(signInBody(owner));
    expect(breakGlass.status).toBe(200);
    expect(breakGlass.calls).toBe(4);
    expect((await h.auditEvents()).filter((e) => e.type === "SSO_BREAK_GLASS_LOGIN")).toHaveLength(before + 1);
    const failuresBefore = (await loginFailures(scimPerson.id)).length;
    const refused = await login(signInBody(scimPerson));
    expect(refused.status).toBe(401);
    expect(refused.calls).toBe(3);
    expect(await loginFailures(scimPerson.id)).toHaveLength(failuresBefore + 1);

    // Off elsewhere once more, and a non-owner's wrong guess still ends in a session, not a refusal.
    await toggleElsewhere(false);
    const again = await login(signInBody(scimPerson));
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.calls).toBe(4);
    expect(await loginFailures(scimPerson.id)).toHaveLength(failuresBefore + 1);
    await toggleElsewhere(true);
  });
});
