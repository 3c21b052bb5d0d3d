import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";
import { AUDIT_SHARDS } from "@roster/core/store/keys";

/**
 * Who reaches what, as one table: every tenant route (and the admin routes client users must not
 * reach) × every kind of caller, with the status each cell must answer. Each cell is its own test.
 */
const CALLERS = [
  "superAdmin",
  "viewer",
  "operatorFull",
  "operatorReadonly",
  "contractorInDate",
  "contractorOutOfDate",
  "clientAdmin",
  "clientViewer",
  "nonMember",
  "otherTenantAdmin",
  "anonymous",
] as const;
type Caller = (typeof CALLERS)[number];

type Fixture = { clientTarget: string; operatorTarget: string };
type Row = {
  method: string;
  path: string;
  body?: () => unknown;
  /** Puts back what an allowed cell of the row changes, before every cell. */
  arrange?: () => Promise<void>;
  /** API.md's round-trip budget for the request, where it names one. */
  budget?: number;
  /** Round trips a refusal may cost: 1 (authentication and authorization are one round trip) unless the target decides. */
  refusedWithin?: number;
  expect: Record<Caller, number>;
};

// The target users' ids are known once the fixture exists: paths name them by placeholder.
const at = (path: string, f: Fixture) => path.replace("{clientTarget}", f.clientTarget).replace("{operatorTarget}", f.operatorTarget);

let n = 0;
const fresh = (what: string) => `${what}${++n}`;

/** The columns, in CALLERS' order. */
const row = (statuses: number[]): Record<Caller, number> => Object.fromEntries(CALLERS.map((caller, i) => [caller, statuses[i]!])) as Record<Caller, number>;
/** Admin routes: a SUPER_ADMIN's; a VIEWER reads them (`read`) and writes nothing. */
const admins = (allowed: number, viewer: number) => row([allowed, viewer, 403, 403, 403, 403, 403, 403, 403, 403, 401]);

let h: Harness;
let fixture: Fixture;
const tokens = {} as Record<Caller, string | undefined>;
const restore = (userId: () => string, role: string) => async () => {
  const res = await h.call("PUT", `/v1/tenants/acme/memberships/${userId()}`, { token: tokens.superAdmin, body: { role } });
  if (res.status !== 200 && res.status !== 201) throw new Error(`restore ${res.status}: ${JSON.stringify(res.body)}`);
};

//                                                          SA   VW   OF   OR   C+   C-   CA   CV   out  xCA  anon
const TABLE: Row[] = [
  { method: "GET", path: "/v1/tenants", expect: row([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401]) },
  { method: "GET", path: "/v1/tenants/acme", expect: row([200, 200, 200, 200, 200, 404, 200, 200, 404, 404, 401]) },
  { method: "GET", path: "/v1/portal/acme", expect: row([404, 404, 200, 200, 200, 404, 200, 200, 404, 404, 401]) },
  { method: "GET", path: "/v1/tenants/acme/memberships", budget: 2, expect: row([200, 200, 200, 403, 200, 404, 200, 403, 404, 404, 401]) },
  {
    method: "PUT",
    path: "/v1/tenants/acme/memberships/{clientTarget}",
    body: () => ({ role: "CLIENT_VIEWER" }),
    budget: 3,
    expect: row([200, 403, 403, 403, 403, 404, 200, 403, 404, 404, 401]),
  },
  {
    method: "DELETE",
    path: "/v1/tenants/acme/memberships/{clientTarget}",
    arrange: restore(() => fixture.clientTarget, "CLIENT_VIEWER"),
    expect: row([204, 403, 403, 403, 403, 404, 204, 403, 404, 404, 401]),
  },
  {
    method: "PUT",
    path: "/v1/tenants/acme/memberships/{operatorTarget}",
    body: () => ({ role: "OPERATOR_READONLY" }),
    budget: 3,
    refusedWithin: 2,
    expect: row([200, 403, 403, 403, 403, 404, 403, 403, 404, 404, 401]),
  },
  {
    method: "DELETE",
    path: "/v1/tenants/acme/memberships/{operatorTarget}",
    arrange: restore(() => fixture.operatorTarget, "OPERATOR_READONLY"),
    refusedWithin: 2,
    expect: row([204, 403, 403, 403, 403, 404, 403, 403, 404, 404, 401]),
  },
  {
    method: "POST",
    path: "/v1/tenants/acme/invitations",
    body: () => ({ email: `${fresh("invitee")}@access.example`, role: "CLIENT_VIEWER" }),
    expect: row([201, 403, 403, 403, 403, 404, 201, 403, 404, 404, 401]),
  },
  // Authentication, then every shard of the trail at once.
  { method: "GET", path: "/v1/audit-events?tenant=acme", budget: 1 + AUDIT_SHARDS, expect: row([200, 200, 403, 403, 403, 403, 200, 403, 403, 404, 401]) },
  // Admin routes: SUPER_ADMINs, VIEWERs for reading, never a client user.
  { method: "GET", path: "/v1/memberships", expect: admins(200, 200) },
  { method: "GET", path: "/v1/users", budget: 2, expect: admins(200, 200) },
  { method: "POST", path: "/v1/users", body: () => ({ email: `${fresh("user")}@access.example`, role: "CLIENT_USER" }), budget: 3, expect: admins(201, 403) },
  { method: "POST", path: "/v1/tenants", body: () => ({ slug: fresh("tenant-"), name: "Fresh" }), expect: admins(201, 403) },
];

/** Access tokens live 900 s: the out-of-date contractor's membership ends 2 minutes after sign-in, and the clock then moves 3. */
const CONTRACTOR_ENDS_AFTER_MS = 120_000;
const CLOCK_MOVES_MS = 180_000;

async function signedInMember(email: string, role: string, tenantRole?: string, expiresAt?: string, slug = "acme") {
  const person = await h.member(tokens.superAdmin!, email, role);
  if (tenantRole) await h.grant(tokens.superAdmin!, slug, person.id, tenantRole, expiresAt ?? null);
  return person;
}

const signedInClient = (inviter: string, slug: string, email: string, role: string) => h.clientUser(inviter, slug, email, role);

beforeAll(async () => {
  h = await createHarness();
  tokens.superAdmin = (await h.owner("owner@access.example")).accessToken;
  for (const [slug, name] of [["acme", "Acme"], ["globex", "Globex"]]) {
    const res = await h.call("POST", "/v1/tenants", { token: tokens.superAdmin, body: { slug, name } });
    if (res.status !== 201) throw new Error(`tenant ${res.status}`);
  }
  const now = h.clock.now().getTime();
  tokens.viewer = (await signedInMember("viewer@access.example", "VIEWER")).accessToken;
  tokens.operatorFull = (await signedInMember("full@access.example", "OPERATOR", "OPERATOR_FULL")).accessToken;
  tokens.operatorReadonly = (await signedInMember("readonly@access.example", "OPERATOR", "OPERATOR_READONLY")).accessToken;
  tokens.contractorInDate = (await signedInMember("in@access.example", "CONTRACTOR", "OPERATOR_FULL", new Date(now + 30 * 86_400_000).toISOString())).accessToken;
  tokens.contractorOutOfDate = (await signedInMember("out@access.example", "CONTRACTOR", "OPERATOR_FULL", new Date(now + CONTRACTOR_ENDS_AFTER_MS).toISOString())).accessToken;
  tokens.nonMember = (await signedInMember("outsider@access.example", "OPERATOR")).accessToken;
  tokens.clientAdmin = (await signedInClient(tokens.superAdmin, "acme", "admin@acme.example", "CLIENT_ADMIN")).accessToken;
  tokens.clientViewer = (await signedInClient(tokens.clientAdmin, "acme", "viewer@acme.example", "CLIENT_VIEWER")).accessToken;
  tokens.otherTenantAdmin = (await signedInClient(tokens.superAdmin, "globex", "admin@globex.example", "CLIENT_ADMIN")).accessToken;

  // Targets of the membership routes: invited, never signed in.
  const client = await h.call("POST", "/v1/tenants/acme/invitations", { token: tokens.superAdmin, body: { email: "target@acme.example", role: "CLIENT_VIEWER" } });
  const operator = await h.call("POST", "/v1/users", { token: tokens.superAdmin, body: { email: "target-op@access.example", role: "OPERATOR" } });
  fixture = { clientTarget: client.body.user.id, operatorTarget: operator.body.user.id };
  await restore(() => fixture.operatorTarget, "OPERATOR_READONLY")();

  // The contractor was in date until now: the matrix sees the instant after.
  expect((await h.call("GET", "/v1/portal/acme", { token: tokens.contractorOutOfDate })).status).toBe(200);
  h.clock.advance(CLOCK_MOVES_MS);
});

describe.each(TABLE)("$method $path", (route) => {
  it.each(CALLERS.map((caller) => ({ caller, status: route.expect[caller] })))("$caller → $status", async ({ caller, status }) => {
    await route.arrange?.();
    const res = await h.call(route.method, at(route.path, fixture), { token: tokens[caller], body: route.body?.() });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status === 403) expect(res.body.code).toBe("auth.forbidden");
    if (status === 401) expect(res.body.code).toBe("auth.unauthenticated");
    if (status === 404) expect(res.body.code).toBe("tenant.not_found");
    if (status < 300 && route.budget !== undefined) expect(res.calls).toBeLessThanOrEqual(route.budget);
    if (status === 403 || status === 404) expect(res.calls).toBeLessThanOrEqual(route.refusedWithin ?? 1);
  });
});

describe("what each caller sees", () => {
  const slugs = async (caller: Caller) =>
    ((await h.call("GET", "/v1/tenants?limit=100", { token: tokens[caller] })).body.items as { slug: string }[]).map((t) => t.slug).sort();

  it("GET /v1/tenants lists a member's live tenants only; a SUPER_ADMIN's and a VIEWER's list all", async () => {
    expect(await slugs("superAdmin")).toEqual(expect.arrayContaining(["acme", "globex"]));
    expect(await slugs("viewer")).toEqual(await slugs("superAdmin"));
    for (const caller of ["operatorFull", "operatorReadonly", "contractorInDate", "clientAdmin", "clientViewer"] as const) expect(await slugs(caller), caller).toEqual(["acme"]);
    expect(await slugs("contractorOutOfDate")).toEqual([]);
    expect(await slugs("nonMember")).toEqual([]);
    expect(await slugs("otherTenantAdmin")).toEqual(["globex"]);
  });

  it("a CLIENT_ADMIN cannot grant operator roles, nor touch operator members: 403", async () => {
    const asAdmin = (path: string, role: string) => h.call("PUT", path, { token: tokens.clientAdmin, body: { role } });
    for (const role of ["OPERATOR_FULL", "OPERATOR_READONLY"]) {
      const res = await asAdmin(`/v1/tenants/acme/memberships/${fixture.clientTarget}`, role);
      expect(res.status, role).toBe(403);
      expect(res.body.code).toBe("auth.forbidden");
    }
    expect((await asAdmin(`/v1/tenants/acme/memberships/${fixture.operatorTarget}`, "CLIENT_VIEWER")).status).toBe(403);
    expect((await h.call("DELETE", `/v1/tenants/acme/memberships/${fixture.operatorTarget}`, { token: tokens.clientAdmin })).status).toBe(403);
  });

  it("a CLIENT_ADMIN cannot see another tenant: 404 tenant.not_found, as for one that does not exist", async () => {
    for (const [method, path, body] of [
      ["GET", "/v1/tenants/globex", undefined],
      ["GET", "/v1/portal/globex", undefined],
      ["GET", "/v1/tenants/globex/memberships", undefined],
      ["PUT", `/v1/tenants/globex/memberships/${fixture.clientTarget}`, { role: "CLIENT_VIEWER" }],
      ["DELETE", `/v1/tenants/globex/memberships/${fixture.clientTarget}`, undefined],
      ["POST", "/v1/tenants/globex/invitations", { email: "someone@globex.example", role: "CLIENT_VIEWER" }],
      ["GET", "/v1/audit-events?tenant=globex", undefined],
      ["GET", "/v1/tenants/no-such-tenant", undefined],
    ] as const) {
      const res = await h.call(method, path, { token: tokens.clientAdmin, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe("tenant.not_found");
    }
  });

  it("a tenant named by something that is not a slug scopes nothing: 400 request.invalid (404 in the audit query), never a 500", async () => {
    // 3,000 characters: as a key it would be over DynamoDB's 2,048 bytes and fail the auth round trip itself.
    for (const slug of ["a".repeat(3000), "Acme", "-acme"]) {
      for (const caller of ["superAdmin", "operatorFull", "clientAdmin"] as const) {
        const res = await h.call("GET", `/v1/tenants/${slug}/memberships`, { token: tokens[caller] });
        expect(res.status, caller).toBe(400);
        expect(res.body.errors[0].path).toBe("slug");
      }
      expect((await h.call("GET", `/v1/audit-events?tenant=${slug.slice(0, 64)}`, { token: tokens.clientAdmin })).status).toBe(404);
    }
  });

  it("a CLIENT_ADMIN's audit trail is its tenant's, and it must name it", async () => {
    const all = await h.call("GET", "/v1/audit-events?tenant=acme&limit=100", { token: tokens.clientAdmin });
    expect(all.status).toBe(200);
    expect(all.body.items.length).toBeGreaterThan(0);
    expect(all.body.items.every((e: { tenant: string }) => e.tenant === "acme")).toBe(true);
    // Other filters narrow within the tenant, never widen beyond it.
    const byType = await h.call("GET", "/v1/audit-events?tenant=acme&type=USER_INVITED&limit=100", { token: tokens.clientAdmin });
    expect(byType.body.items.length).toBeGreaterThan(0);
    expect(byType.body.items.every((e: { tenant: string; type: string }) => e.tenant === "acme" && e.type === "USER_INVITED")).toBe(true);
    const owner = (await h.call("GET", "/v1/me", { token: tokens.superAdmin })).body.id as string;
    const byActor = await h.call("GET", `/v1/audit-events?tenant=acme&actorId=${owner}&limit=100`, { token: tokens.clientAdmin });
    expect(byActor.body.items.every((e: { tenant: string }) => e.tenant === "acme")).toBe(true);

    const missing = await h.call("GET", "/v1/audit-events", { token: tokens.clientAdmin });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe("request.invalid");
    expect(missing.body.errors[0].path).toBe("tenant");
    expect((await h.call("GET", "/v1/audit-events", { token: tokens.operatorFull })).status).toBe(403);
    expect((await h.call("GET", "/v1/audit-events?tenant=Not_A_Slug", { token: tokens.clientAdmin })).status).toBe(404);
    // A range that ends before it starts is the caller's mistake, whoever asks.
    const backwards = await h.call("GET", "/v1/audit-events?tenant=acme&since=2027-01-01T00:00:00Z&until=2026-01-01T00:00:00Z", { token: tokens.clientAdmin });
    expect(backwards.status).toBe(400);
    expect(backwards.body).toMatchObject({ code: "request.invalid", errors: [{ path: "until", message: expect.any(String) }] });
  });

  it("a CLIENT_ADMIN sees the request context of its own people's actions only, never of staff's", async () => {
    type Event = { type: string; actor: { type: string; id: string }; context: { requestId: string; ip: string | null } | null };
    const events = (await h.call("GET", "/v1/audit-events?tenant=acme&limit=100", { token: tokens.clientAdmin })).body.items as Event[];
    const owner = (await h.call("GET", "/v1/me", { token: tokens.superAdmin })).body.id as string;
    const clientAdmin = (await h.call("GET", "/v1/me", { token: tokens.clientAdmin })).body.id as string;
    const byStaff = events.filter((e) => e.actor.id === owner);
    const byClient = events.filter((e) => e.actor.id === clientAdmin);
    expect(byStaff.length).toBeGreaterThan(0);
    expect(byClient.length).toBeGreaterThan(0);
    expect(byStaff.every((e) => e.context === null)).toBe(true);
    expect(byClient.every((e) => e.context !== null && typeof e.context.requestId === "string")).toBe(true);
    // Staff read the whole context of the same events.
    const asStaff = (await h.call("GET", "/v1/audit-events?tenant=acme&limit=100", { token: tokens.superAdmin })).body.items as Event[];
    expect(asStaff.every((e) => e.context !== null)).toBe(true);
  });
});
