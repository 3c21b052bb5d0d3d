import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

/**
 * Who reaches which console page, all in one table: the page itself (200), the 403 page (the role
 * does not allow it), the 404 page (a tenant one is not in answers as one that does not exist),
 * or sign-in and back (no session). CONSOLE.md's page list, spelled out by role.
 */
let h: Harness;
const cookies: Record<string, string> = {};
let operatorId = "";

const ROLES = ["SUPER_ADMIN", "VIEWER", "OPERATOR", "CONTRACTOR", "CLIENT_ADMIN", "CLIENT_VIEWER", "signed out"] as const;
type Who = (typeof ROLES)[number];

beforeAll(async () => {
  h = await createHarness();
  const owner = await h.owner("owner@access.example");
  await h.createTenant(owner.accessToken, "acme", "Acme");
  await h.createTenant(owner.accessToken, "globex", "Globex");
  const staff = async (role: string) => h.member(owner.accessToken, `${role.toLowerCase()}@access.example`, role);
  const [viewer, operator, contractor] = await Promise.all([staff("VIEWER"), staff("OPERATOR"), staff("CONTRACTOR")]);
  operatorId = operator.id;
  await h.grant(owner.accessToken, "acme", operator.id, "OPERATOR_FULL");
  const soon = new Date(h.clock.now().getTime() + 30 * 86_400_000).toISOString();
  await h.grant(owner.accessToken, "globex", contractor.id, "OPERATOR_READONLY", soon);
  const clientAdmin = await h.clientUser(owner.accessToken, "acme", "admin@client.example", "CLIENT_ADMIN");
  const clientViewer = await h.clientUser(owner.accessToken, "acme", "viewer@client.example", "CLIENT_VIEWER");
  const people: [Who, { email: string; secret: string }][] = [
    ["SUPER_ADMIN", owner],
    ["VIEWER", viewer],
    ["OPERATOR", operator],
    ["CONTRACTOR", contractor],
    ["CLIENT_ADMIN", clientAdmin],
    ["CLIENT_VIEWER", clientViewer],
  ];
  for (const [who, person] of people) cookies[who] = await h.consoleCookie(person.email, person.secret);
});

const OK = 200;
const DENIED = 403;
const NONE = 404;

/** Each page and what each reader gets; "signed out" always goes to sign-in (303). */
const PAGES: [string, Record<Exclude<Who, "signed out">, number>][] = [
  ["/console/team", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: DENIED, CONTRACTOR: DENIED, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/users/:operator", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: DENIED, CONTRACTOR: DENIED, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/tenants", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: OK, CONTRACTOR: OK, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/tenants/acme", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: OK, CONTRACTOR: NONE, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/tenants/globex", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: NONE, CONTRACTOR: OK, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/tenants/nowhere", { SUPER_ADMIN: NONE, VIEWER: NONE, OPERATOR: NONE, CONTRACTOR: NONE, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/api-clients", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: DENIED, CONTRACTOR: DENIED, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/audit", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: DENIED, CONTRACTOR: DENIED, CLIENT_ADMIN: DENIED, CLIENT_VIEWER: DENIED }],
  ["/console/account", { SUPER_ADMIN: OK, VIEWER: OK, OPERATOR: OK, CONTRACTOR: OK, CLIENT_ADMIN: OK, CLIENT_VIEWER: OK }],
  ["/portal/acme", { SUPER_ADMIN: NONE, VIEWER: NONE, OPERATOR: OK, CONTRACTOR: NONE, CLIENT_ADMIN: OK, CLIENT_VIEWER: OK }],
  ["/portal/acme/team", { SUPER_ADMIN: NONE, VIEWER: NONE, OPERATOR: DENIED, CONTRACTOR: NONE, CLIENT_ADMIN: OK, CLIENT_VIEWER: DENIED }],
  ["/portal/acme/audit", { SUPER_ADMIN: NONE, VIEWER: NONE, OPERATOR: DENIED, CONTRACTOR: NONE, CLIENT_ADMIN: OK, CLIENT_VIEWER: DENIED }],
  ["/portal/globex", { SUPER_ADMIN: NONE, VIEWER: NONE, OPERATOR: NONE, CONTRACTOR: OK, CLIENT_ADMIN: NONE, CLIENT_VIEWER: NONE }],
  ["/console/no-such-page", { SUPER_ADMIN: NONE, VIEWER: NONE, OPERATOR: NONE, CONTRACTOR: NONE, CLIENT_ADMIN: NONE, CLIENT_VIEWER: NONE }],
];

describe("who reaches which console page", () => {
  for (const [template, expected] of PAGES) {
    it(template, async () => {
      const path = template.replace(":operator", operatorId);
      const seen: Record<string, number> = {};
      for (const who of ROLES) {
        const res = await h.call("GET", path, who === "signed out" ? {} : { cookie: cookies[who]! });
        seen[who] = res.status;
        if (res.status === DENIED) expect(res.body, `${who} on ${path}`).toMatch(/You don(&#39;|')t have access to this page/);
        if (res.status === NONE) expect(res.body, `${who} on ${path}`).toContain("Page not found");
      }
      // An unknown address is a 404 page signed out as well; every real page leads to sign-in.
      const signedOut = template === "/console/no-such-page" ? NONE : 303;
      expect(seen).toEqual({ ...expected, "signed out": signedOut });
    });
  }
});
