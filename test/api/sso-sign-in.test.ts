import { serve } from "@hono/node-server";
import { Auth, PersonalToken } from "@roster/core";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { startOidcProvider, type OidcProvider, type ProviderAccount } from "../fixtures/oidc-provider";
import { createHarness, type Harness } from "../harness";
import { go, Jar, toCallback as browseToCallback } from "../fixtures/sso-browser";

/*
 * The sign-in through the identity provider, as a browser makes it: Roster served on a loopback
 * port (the provider redirects back to it), a real OpenID Provider, and fetch with a cookie jar per
 * host through the provider's own login and consent pages.
 */

let h: Harness;
let op: OidcProvider;
let server: Server;
let baseUrl: string;
let ownerToken: string;
let ownerEmail: string;

const ROLES = [
  { group: "roster-admins", role: "SUPER_ADMIN" },
  { group: "viewers", role: "VIEWER" },
  { group: "ops", role: "OPERATOR" },
  { group: "acme-clients", role: "CLIENT_USER" },
];
const MEMBERSHIPS = [
  { group: "ops", tenant: "acme-bank", role: "OPERATOR_READONLY" },
  { group: "ops-leads", tenant: "acme-bank", role: "OPERATOR_FULL" },
  { group: "acme-clients", tenant: "acme-bank", role: "CLIENT_ADMIN" },
  { group: "globex-team", tenant: "globex", role: "OPERATOR_READONLY" },
];

beforeAll(async () => {
  const [port] = await findFreePorts(1);
  baseUrl = `http://127.0.0.1:${port}`;
  h = await createHarness({ env: { ROSTER_PUBLIC_URL: baseUrl, ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: "1000" } });
  server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: h.app.fetch, port: port!, hostname: "127.0.0.1" }, () => resolve(started as Server)) as Server;
    started.once("error", reject);
  });
  op = await startOidcProvider({ redirectUri: `${baseUrl}/v1/sso/callback` });
  const owner = await h.owner("owner@sso-sign-in.example");
  ownerToken = owner.accessToken;
  ownerEmail = owner.email;
  await Promise.all([h.createTenant(ownerToken, "acme-bank"), h.createTenant(ownerToken, "globex")]);
  const configured = await h.call("PUT", "/v1/sso", {
    token: ownerToken,
    body: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, roles: ROLES, memberships: MEMBERSHIPS, enforced: false },
  });
  expect(configured.status, JSON.stringify(configured.body)).toBe(200);
});

afterAll(async () => {
  await op?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const toCallback = (jar: Jar, sub: string, returnTo?: string) => browseToCallback(jar, { baseUrl, issuer: op.issuer }, sub, returnTo);

/** The whole sign-in; answers the callback's answer and the session cookie it set, if any. */
async function signIn(sub: string, account: ProviderAccount, returnTo?: string) {
  op.setAccount(sub, account);
  const jar = new Jar();
  const callback = await toCallback(jar, sub, returnTo);
  const binding = jar.get(baseUrl, "__Host-roster_sso");
  const response = await go(jar, callback);
  return { status: response.status, location: response.headers.get("Location"), session: jar.get(baseUrl, "__Host-roster_session"), jar, callback, binding };
}

const consolePage = (cookie: string) => h.call("GET", "/console", { cookie });
const userByEmail = async (email: string) => {
  const res = await h.call("GET", `/v1/users?q=${encodeURIComponent(email)}`, { token: ownerToken });
  return res.body.items.find((user: { email: string }) => user.email === email);
};
const membershipsOf = async (userId: string) => {
  const res = await h.call("GET", `/v1/users/${userId}`, { token: ownerToken });
  return Object.fromEntries(res.body.memberships.map((m: { tenant: { slug: string } | string; slug?: string; role: string }) => [typeof m.tenant === "string" ? m.tenant : (m.tenant.slug ?? m.slug), m.role]));
};
const eventsFor = async (id: string) => (await h.auditEvents()).filter((event) => event.target.id === id || String(event.target.id).endsWith(`/${id}`));

describe("first sign-in", () => {
  it("creates the person from the groups: source sso, the highest role, the mapped memberships, audited with actor sso", async () => {
    const email = "alice@sso-sign-in.example";
    const res = await signIn("alice", { email, email_verified: true, groups: ["viewers", "ops", "ops-leads", "globex-team", "acme-clients", "unmapped"] }, "/console/tenants");
    expect(res.status).toBe(302);
    expect(res.location).toBe("/console/tenants");
    expect(res.session).toBeDefined();
    // OPERATOR beats VIEWER and CLIENT_USER; in acme-bank OPERATOR_FULL beats OPERATOR_READONLY; CLIENT_ADMIN does not fit an operator.
    const user = await userByEmail(email);
    expect(user).toMatchObject({ role: "OPERATOR", status: "ACTIVE", source: "sso", isOwner: false });
    expect(await membershipsOf(user.id)).toEqual({ "acme-bank": "OPERATOR_FULL", globex: "OPERATOR_READONLY" });
    const page = await consolePage(res.session!);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe("/console/tenants");

    const events = await eventsFor(user.id);
    const types = events.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["USER_PROVISIONED", "MEMBERSHIP_GRANTED", "MEMBERSHIP_GRANTED"]));
    expect(events.find((event) => event.type === "USER_PROVISIONED").changes).toEqual({
      role: { before: null, after: "OPERATOR" },
      status: { before: null, after: "ACTIVE" },
      source: { before: null, after: "sso" },
    });
    for (const event of events) expect(event.actor).toEqual({ type: "sso", id: "sso", name: op.issuer });
    const login = (await h.auditEvents()).filter((event) => event.type === "SSO_LOGIN");
    expect(login.at(-1).actor).toEqual({ type: "sso", id: "sso", name: op.issuer });
  });

  it("defaults returnTo to /console and refuses one that is not Roster's own", async () => {
    const res = await signIn("dora", { email: "dora@sso-sign-in.example", email_verified: true, groups: ["viewers"] });
    expect(res.location).toBe("/console");
    for (const bad of ["//evil.example/x", "https://evil.example/", "/\\evil.example", "console", "/ok\u0000", "javascript:alert(1)", "\\\\evil"]) {
      const start = await h.call("GET", `/v1/sso/start?returnTo=${encodeURIComponent(bad)}`);
      expect(start.status, bad).toBe(400);
      expect(start.body.code).toBe("request.invalid");
      expect(start.body.errors[0].path).toBe("returnTo");
    }
    const good = await h.call("GET", `/v1/sso/start?returnTo=${encodeURIComponent("/console/team?status=ACTIVE")}`);
    expect(good.status).toBe(302);
    const cookie = good.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^__Host-roster_sso=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const location = new URL(good.headers.get("Location")!);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    for (const name of ["code_challenge", "state", "nonce"]) expect(location.searchParams.get(name)).toBeTruthy();
  });

  it("refuses an email the provider has not verified, and makes no one", async () => {
    const email = "unverified@sso-sign-in.example";
    const res = await signIn("unverified", { email, email_verified: false, groups: ["ops"] });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/console/sign-in?sso=unverified");
    expect(res.session).toBeUndefined();
    expect(await userByEmail(email)).toBeUndefined();
  });
});

describe("the callback", () => {
  it("works once: a replayed callback is refused", async () => {
    const first = await signIn("replay", { email: "replay@sso-sign-in.example", email_verified: true, groups: ["viewers"] });
    expect(first.session).toBeDefined();
    expect(first.binding).toBeDefined();
    first.jar.set(baseUrl, "__Host-roster_session", undefined);
    first.jar.set(baseUrl, "__Host-roster_sso", first.binding);
    // The same browser, even with its binding cookie put back, cannot spend the state twice.
    const again = await fetch(first.callback, { redirect: "manual", headers: { Cookie: first.jar.header(baseUrl) } });
    expect(again.headers.get("Location")).toBe("/console/sign-in?sso=failed");
    expect(again.headers.getSetCookie().some((c) => c.startsWith("__Host-roster_session=") && !c.startsWith("__Host-roster_session=;"))).toBe(false);
  });

  it("expires 10 minutes after the start, whether or not TTL has removed it", async () => {
    op.setAccount("slow", { email: "slow@sso-sign-in.example", email_verified: true, groups: ["viewers"] });
    const jar = new Jar();
    const callback = await toCallback(jar, "slow");
    h.clock.advance(10 * 60_000 + 1);
    try {
      const late = await go(jar, callback);
      expect(late.headers.get("Location")).toBe("/console/sign-in?sso=failed");
    } finally {
      h.clock.advance(-(10 * 60_000 + 1));
    }
  });

  it("makes one person of two first sign-ins at once", async () => {
    const email = "twice@sso-sign-in.example";
    op.setAccount("twice", { email, email_verified: true, groups: ["ops"] });
    const jars = [new Jar(), new Jar()];
    const callbacks = await Promise.all(jars.map((jar) => toCallback(jar, "twice")));
    const answers = await Promise.all(callbacks.map((callback, i) => go(jars[i]!, callback)));
    for (const answer of answers) expect(answer.headers.get("Location")).toBe("/console");
    const user = await userByEmail(email);
    expect((await eventsFor(user.id)).filter((event) => event.type === "USER_PROVISIONED")).toHaveLength(1);
    expect(await membershipsOf(user.id)).toEqual({ "acme-bank": "OPERATOR_READONLY" });
  });

  it("needs the browser that started it: a missing or another browser's binding cookie is refused", async () => {
    op.setAccount("csrf", { email: "csrf@sso-sign-in.example", email_verified: true, groups: ["viewers"] });
    const victim = new Jar();
    const attacker = new Jar();
    const attackerCallback = await toCallback(attacker, "csrf");
    await toCallback(victim, "csrf");
    // The attacker's callback URL, opened in the victim's browser (login CSRF).
    const crossed = await go(victim, attackerCallback);
    expect(crossed.headers.get("Location")).toBe("/console/sign-in?sso=failed");
    const noCookie = await toCallback(attacker, "csrf");
    const bare = await fetch(noCookie, { redirect: "manual" });
    expect(bare.headers.get("Location")).toBe("/console/sign-in?sso=failed");
  });
});

describe("every sign-in re-derives the person from the groups", () => {
  it("promotes, demotes, moves tenants, then deactivates and refuses an unmapped person; mapped again, SSO's own deactivation is undone", async () => {
    const email = "bob@sso-sign-in.example";
    const as = (groups: string[]) => signIn("bob", { email, email_verified: true, groups });

    const first = await as(["ops", "globex-team"]);
    const bob = await userByEmail(email);
    expect(bob.role).toBe("OPERATOR");
    expect(await membershipsOf(bob.id)).toEqual({ "acme-bank": "OPERATOR_READONLY", globex: "OPERATOR_READONLY" });

    // A tenant role changed and a tenant lost.
    await as(["ops", "ops-leads"]);
    expect(await membershipsOf(bob.id)).toEqual({ "acme-bank": "OPERATOR_FULL" });
    // Promotion: a SUPER_ADMIN holds no membership.
    await as(["roster-admins", "ops"]);
    expect((await userByEmail(email)).role).toBe("SUPER_ADMIN");
    expect(await membershipsOf(bob.id)).toEqual({});
    // Demotion to a client user, with the client membership gained.
    const client = await as(["acme-clients"]);
    expect((await userByEmail(email)).role).toBe("CLIENT_USER");
    expect(await membershipsOf(bob.id)).toEqual({ "acme-bank": "CLIENT_ADMIN" });
    const types = (await eventsFor(bob.id)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(["USER_ROLE_CHANGED", "MEMBERSHIP_UPDATED", "MEMBERSHIP_REVOKED", "MEMBERSHIP_GRANTED"]));

    // A personal access token of theirs, made from their SSO session.
    const principal = await Auth.authenticateConsole(h.deps, client.session!);
    const pat = await PersonalToken.create(h.deps, principal, { name: "script", expiresInDays: 7 }, FIXTURE_CONTEXT);
    expect((await h.call("GET", "/v1/me", { token: pat.token })).status).toBe(200);
    expect((await consolePage(first.session!)).status).toBe(302);

    // No mapped group: deactivated, every session and token dead, and refused.
    const cut = await as(["unmapped"]);
    expect(cut.location).toBe("/console/sign-in?sso=no_access");
    expect(cut.session).toBeUndefined();
    expect(await userByEmail(email)).toMatchObject({ status: "DEACTIVATED" });
    expect((await h.call("GET", "/v1/me", { token: pat.token })).status).toBe(401);
    expect((await consolePage(client.session!)).headers.get("Location")).toMatch(/^\/console\/sign-in/);
    const deprovisioned = (await eventsFor(bob.id)).filter((event) => event.type === "USER_DEPROVISIONED");
    expect(deprovisioned).toHaveLength(1);
    expect(deprovisioned[0].actor.type).toBe("sso");
    expect((await as([])).location).toBe("/console/sign-in?sso=no_access");

    // Mapped again: SSO deactivated them, so SSO may bring them back (old sessions and tokens stay dead).
    const back = await as(["viewers"]);
    expect(back.location).toBe("/console");
    expect(await userByEmail(email)).toMatchObject({ status: "ACTIVE", role: "VIEWER" });
    expect((await h.call("GET", "/v1/me", { token: pat.token })).status).toBe(401);
    expect((await eventsFor(bob.id)).some((event) => event.type === "USER_REACTIVATED" && event.actor.type === "sso")).toBe(true);

    // An admin's deactivation stands, whatever the groups say.
    expect((await h.call("POST", `/v1/users/${bob.id}/deactivate`, { token: ownerToken })).status).toBe(200);
    expect((await as(["viewers"])).location).toBe("/console/sign-in?sso=no_access");
    expect(await userByEmail(email)).toMatchObject({ status: "DEACTIVATED" });
  });

  it("never demotes or deactivates the owner: they simply sign in", async () => {
    const res = await signIn("owner", { email: ownerEmail, email_verified: true, groups: [] });
    expect(res.location).toBe("/console");
    expect(res.session).toBeDefined();
    expect(await userByEmail(ownerEmail)).toMatchObject({ role: "SUPER_ADMIN", status: "ACTIVE", isOwner: true });
    const viewer = await signIn("owner", { email: ownerEmail, email_verified: true, groups: ["viewers"] });
    expect(viewer.session).toBeDefined();
    expect((await userByEmail(ownerEmail)).role).toBe("SUPER_ADMIN");
  });

  it("an admin's deactivation racing a sign-in: never ACTIVE-and-signed-in after deactivation won, nothing half-written", async () => {
    const email = "racer@sso-sign-in.example";
    const account = { email, email_verified: true, groups: ["ops", "globex-team"] };
    await signIn("racer", account);
    const racer = await userByEmail(email);
    // The callback's own work (discovery, the code exchange) takes tens of milliseconds: the
    // deactivation is sent at staggered moments of it, so it lands before, amid and after its commit.
    for (const delay of [0, 10, 20, 30, 45, 60, 90, 150]) {
      const jar = new Jar();
      const callback = await toCallback(jar, "racer");
      const [deactivated, landed] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, delay)).then(() => h.call("POST", `/v1/users/${racer.id}/deactivate`, { token: ownerToken })),
        go(jar, callback).then(() => jar.get(baseUrl, "__Host-roster_session")),
      ]);
      const now = await userByEmail(email);
      if (deactivated.status === 200) {
        expect(now.status).toBe("DEACTIVATED");
        if (landed) expect((await consolePage(landed)).headers.get("Location")).toMatch(/^\/console\/sign-in/);
      } else {
        expect(deactivated.status).toBe(409);
        expect(now.status).toBe("ACTIVE");
        expect(landed).toBeDefined();
        expect((await consolePage(landed!)).headers.get("Location")).toBe("/console/tenants");
      }
      // The profile's bookkeeping and the membership items agree.
      expect(await membershipsOf(racer.id)).toEqual({ "acme-bank": "OPERATOR_READONLY", globex: "OPERATOR_READONLY" });
      if (now.status === "DEACTIVATED") expect((await h.call("POST", `/v1/users/${racer.id}/reactivate`, { token: ownerToken })).status).toBe(200);
    }
  });
});

describe("the provider down", () => {
  it("sends the person to the sign-in page saying so, at start", async () => {
    await op.stop();
    const res = await h.call("GET", "/v1/sso/start");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/console/sign-in?sso=unavailable");
  });

  it("answers 404 sso.not_configured once SSO is turned off", async () => {
    expect((await h.call("DELETE", "/v1/sso", { token: ownerToken })).status).toBe(204);
    const res = await h.call("GET", "/v1/sso/start");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("sso.not_configured");
  });
});
