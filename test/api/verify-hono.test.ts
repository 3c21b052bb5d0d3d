import { requireRole, requireScope, requireTenant, rosterAuth, type RosterAuthOptions, type RosterEnv } from "@roster/verify/hono";
import { Hono } from "hono";
import { some } from "hono/combine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { clientToken, registeredClient, rosterSigned } from "./roster-tokens";
import { servedRoster, type ServedRoster } from "./served-roster";

/** @roster/verify/hono in a small Hono app of its own, trusting Roster served over HTTP. */
let roster: ServedRoster;
let ownerToken: string;
let admin: { id: string; accessToken: string };
let viewer: { id: string; accessToken: string };

beforeAll(async () => {
  roster = await servedRoster();
  const { h } = roster;
  ownerToken = (await h.owner("owner@verify-hono.example")).accessToken;
  await h.createTenant(ownerToken, "acme");
  await h.createTenant(ownerToken, "globex");
  admin = await h.clientUser(ownerToken, "acme", "ada@verify-hono.example", "CLIENT_ADMIN");
  viewer = await h.clientUser(ownerToken, "acme", "vic@verify-hono.example", "CLIENT_VIEWER");
});
afterAll(async () => {
  await roster?.close();
});

/** A portal's API: who am I, a tenant's pages, a tenant's admin page, a staff page, a route for clients. */
function portal(options: Partial<RosterAuthOptions> = {}) {
  const app = new Hono<RosterEnv>();
  app.use("/api/*", rosterAuth({ issuer: roster.issuer, ...options } as RosterAuthOptions));
  app.get("/api/me", (c) => c.json(c.get("roster")));
  app.get("/api/tenants/:slug", requireTenant((c) => c.req.param("slug")), (c) => c.json({ tenant: c.req.param("slug") }));
  app.get("/api/tenants/:slug/admin", requireTenant((c) => c.req.param("slug"), ["CLIENT_ADMIN"]), (c) => c.text("admin"));
  app.get("/api/staff/:slug", some(requireRole("SUPER_ADMIN"), requireTenant((c) => c.req.param("slug"))), (c) => c.text("staff or member"));
  app.get("/api/constructor", requireTenant("constructor"), (c) => c.text("inherited"));
  app.get("/api/users", requireScope("users:read"), (c) => c.text("users"));
  return app;
}

const get = (app: Hono<RosterEnv>, path: string, token?: string, scheme = "Bearer") => app.request(path, { headers: token === undefined ? {} : { Authorization: `${scheme} ${token}` } });

describe("rosterAuth", () => {
  it("sets the verified identity on the context", async () => {
    const res = await get(portal(), "/api/me", admin.accessToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: admin.id, clientId: "roster", role: "CLIENT_USER", tenants: { acme: "CLIENT_ADMIN" }, scope: [] });
  });

  it("answers 401 with a bare challenge when no bearer token is sent (RFC 6750 §3.1)", async () => {
    for (const res of [await get(portal(), "/api/me"), await get(portal(), "/api/me", "dXNlcjpwYXNz", "Basic")]) {
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="roster"');
    }
  });

  it("answers 401 invalid_token for a token that is not good, in the realm it is given", async () => {
    const app = portal({ realm: 'acme "portal"' });
    for (const token of ["not.a.token", await rosterSigned(roster.h, { iss: "https://elsewhere.example" })]) {
      const res = await get(app, "/api/me", token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="acme \\"portal\\"", error="invalid_token"');
      expect(await res.json()).toMatchObject({ error: "invalid_token", error_description: expect.any(String) });
    }
  });

  it("answers 503, not 401, when Roster's keys cannot be fetched", async () => {
    const [closed] = await findFreePorts(1);
    const res = await get(portal({ jwksUri: `http://127.0.0.1:${closed}/.well-known/jwks.json` }), "/api/me", admin.accessToken);
    expect(res.status).toBe(503);
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it("introspects instead with mode: introspect", async () => {
    const { credentials } = await registeredClient(roster.h, ownerToken, ["tokens:introspect"], "introspecting portal");
    const app = portal({ mode: "introspect", client: credentials });
    const res = await get(app, "/api/me", viewer.accessToken);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: viewer.id, tenants: { acme: "CLIENT_VIEWER" } });
    const bad = await get(app, "/api/me", "not-a-token");
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="invalid_token"');
  });
});

describe("requireTenant", () => {
  it("lets a member through, and refuses another tenant with 403 insufficient_scope", async () => {
    expect((await get(portal(), "/api/tenants/acme", viewer.accessToken)).status).toBe(200);
    const other = await get(portal(), "/api/tenants/globex", viewer.accessToken);
    expect(other.status).toBe(403);
    expect(other.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="insufficient_scope"');
  });

  it("with roles, lets through only those tenant roles", async () => {
    expect((await get(portal(), "/api/tenants/acme/admin", admin.accessToken)).status).toBe(200);
    expect((await get(portal(), "/api/tenants/acme/admin", viewer.accessToken)).status).toBe(403);
  });

  it("counts memberships only: a SUPER_ADMIN passes where the route also allows that role", async () => {
    expect((await get(portal(), "/api/tenants/acme", ownerToken)).status).toBe(403);
    expect((await get(portal(), "/api/staff/acme", ownerToken)).status).toBe(200);
    expect((await get(portal(), "/api/staff/acme", viewer.accessToken)).status).toBe(200);
    expect((await get(portal(), "/api/staff/globex", viewer.accessToken)).status).toBe(403);
  });

  it("never finds a tenant in what every object inherits", async () => {
    expect((await get(portal(), "/api/constructor", admin.accessToken)).status).toBe(403);
  });
});

describe("API clients and the role and tenant guards", () => {
  it("a DELEGATED client's token says SUPER_ADMIN, yet never passes requireRole: clients are admitted by scope", async () => {
    const { h } = roster;
    const narrow = await clientToken(h, (await registeredClient(h, ownerToken, ["audit:read"], "narrow")).credentials);
    expect(await (await get(portal(), "/api/me", narrow)).json()).toMatchObject({ role: "SUPER_ADMIN" });
    const res = await get(portal(), "/api/staff/acme", narrow);
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="insufficient_scope", scope="tenants:read"');
  });
});

describe("requireScope", () => {
  it("lets a client with the scope through; names the missing scope otherwise; people hold none", async () => {
    const { h } = roster;
    const reader = await clientToken(h, (await registeredClient(h, ownerToken, ["users:read"], "reader")).credentials);
    const auditor = await clientToken(h, (await registeredClient(h, ownerToken, ["audit:read"], "auditor")).credentials);
    expect((await get(portal(), "/api/users", reader)).status).toBe(200);
    for (const token of [auditor, admin.accessToken]) {
      const res = await get(portal(), "/api/users", token);
      expect(res.status).toBe(403);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="roster", error="insufficient_scope", scope="users:read"');
    }
  });
});
