import { Audit } from "@roster/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

/**
 * Whatever query a caller sends to a list, the answer is a page or a precise 4xx problem, never a
 * 5xx: generated combinations of every list route's parameters, valid-looking and not, by each
 * kind of caller that may read it.
 */
let h: Harness;
const tokens: Record<string, string> = {};
const cursors: string[] = [];

beforeAll(async () => {
  h = await createHarness();
  const owner = await h.owner("owner@lists.example");
  tokens.superAdmin = owner.accessToken;
  await h.call("POST", "/v1/tenants", { token: owner.accessToken, body: { slug: "acme", name: "Acme" } });
  for (let i = 0; i < 3; i++) await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: `listed${i}@lists.example`, role: "OPERATOR" } });
  const invited = await h.call("POST", "/v1/tenants/acme/invitations", { token: owner.accessToken, body: { email: "admin@acme.example", role: "CLIENT_ADMIN" } });
  const { secret } = await h.completeSetup(invited.body.setupUrl, "Acme Admin");
  tokens.clientAdmin = (await h.signIn("admin@acme.example", secret)).accessToken;
  // Real cursors of other lists: a cursor from one list (or filter) sent to another must be a 400, not a 500.
  for (const path of ["/v1/users?limit=1", "/v1/users?q=listed&limit=1", "/v1/audit-events?limit=1", "/v1/audit-events?type=USER_INVITED&limit=1", "/v1/tenants?limit=1", "/v1/memberships?limit=1"]) {
    const page = await h.call("GET", path, { token: owner.accessToken });
    if (page.body.nextCursor) cursors.push(page.body.nextCursor);
  }
});

const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ minLength: 200, maxLength: 700 }),
  fc.constantFrom("", " ", "null", "undefined", "[]", "{}", "%", "%00", "\u0000", "../..", "-1", "0", "1e309", "NaN"),
);
const instant = fc.oneof(
  // Around now, where the events (and the cursors' positions) are.
  fc.integer({ min: -120_000, max: 120_000 }).map((ms) => new Date(h.clock.now().getTime() + ms).toISOString()),
  fc.date({ min: new Date("1970-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom("2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00+25:00", "yesterday", "9999-12-31T23:59:59.999Z"),
);
const number = fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.constantFrom("1.5", "1e2", "0x10", " 5", "5 ", "", "99999999999999999999"));
const cursor = fc.oneof(
  anyText,
  // Chained, so the cursors collected in beforeAll are there when values are drawn.
  fc.constant(0).chain(() => fc.constantFrom(...cursors, "eyJzIjoiIn0")),
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify({ s: value })).toString("base64url")),
  fc.string({ maxLength: 80 }).map((s) => Buffer.from(JSON.stringify({ s })).toString("base64url")),
);
const oneOf = (...values: string[]) => fc.oneof(fc.constantFrom(...values), anyText);

type Params = Record<string, fc.Arbitrary<string>>;
const paging: Params = { limit: number, cursor };

/** A query string of some of the parameters, sometimes one of them twice. */
function queryOf(params: Params): fc.Arbitrary<string> {
  const entries = Object.entries(params).map(([name, value]) => fc.option(value, { nil: undefined }).map((v) => [name, v] as const));
  return fc.tuple(fc.tuple(...entries), fc.option(fc.constantFrom(...Object.keys(params)), { nil: undefined }), anyText).map(([pairs, repeated, extra]) => {
    const search = new URLSearchParams();
    for (const [name, value] of pairs) if (value !== undefined) search.append(name, value);
    if (repeated) search.append(repeated, extra);
    return search.toString();
  });
}

const ROUTES: { path: fc.Arbitrary<string>; params: Params; callers: string[] }[] = [
  {
    path: fc.constant("/v1/users"),
    params: { ...paging, status: oneOf("INVITED", "ACTIVE", "DEACTIVATED"), role: oneOf("SUPER_ADMIN", "OPERATOR", "CONTRACTOR", "CLIENT_USER"), q: oneOf("listed", "l", "owner", "zz") },
    callers: ["superAdmin"],
  },
  {
    path: fc.constant("/v1/audit-events"),
    params: { ...paging, type: oneOf(...Audit.AUDIT_EVENT_TYPES), actorId: anyText, targetId: anyText, tenant: oneOf("acme", "globex"), since: instant, until: instant },
    callers: ["superAdmin", "clientAdmin"],
  },
  { path: fc.constant("/v1/tenants"), params: paging, callers: ["superAdmin", "clientAdmin"] },
  { path: fc.constant("/v1/memberships"), params: { ...paging, tenant: oneOf("acme", "nope"), userId: anyText, expiringBefore: instant }, callers: ["superAdmin"] },
  {
    path: fc.oneof(fc.constant("acme"), anyText).map((slug) => `/v1/tenants/${encodeURIComponent(slug)}/memberships`),
    params: paging,
    callers: ["superAdmin", "clientAdmin"],
  },
  { path: fc.constant("/v1/me/tokens"), params: paging, callers: ["superAdmin", "clientAdmin"] },
  { path: fc.constant("/v1/api-clients"), params: paging, callers: ["superAdmin"] },
  { path: fc.constant("/v1/scim-tokens"), params: paging, callers: ["superAdmin"] },
];

describe("list queries, generated", () => {
  for (const route of ROUTES) {
    for (const caller of route.callers) {
      it(`${caller}: no combination of parameters yields a 5xx`, async () => {
        await fc.assert(
          fc.asyncProperty(route.path, queryOf(route.params), async (path, query) => {
            const res = await h.call("GET", `${path}?${query}`, { token: tokens[caller] });
            expect(res.status, `${path}?${query} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
            if (res.status >= 400) {
              expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
              expect(res.body.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
            } else {
              expect(Array.isArray(res.body.items)).toBe(true);
            }
          }),
          { numRuns: Number(process.env.ROSTER_PROPERTY_RUNS ?? 30) },
        );
      });
    }
  }
});
