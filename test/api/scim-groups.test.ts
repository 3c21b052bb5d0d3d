import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { go, Jar, toCallback } from "../fixtures/sso-browser";
import { SCIM_URN } from "../fixtures/scim-urns";
import type { Harness } from "../harness";
import { servedRoster, type ServedRoster } from "./served-roster";

/**
 * /scim/v2/Groups end to end, with the requests Okta (Group Push) and Microsoft Entra ID send:
 * groups made, found by filter, renamed, members added and removed in each one's dialect, deleted;
 * each step followed by what the person can now do in Roster, since a group's members get the
 * role and memberships the SSO mapping gives it. Then what the mapping never touches, the errors,
 * and the races of members, renames and deletions.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;

const { error: SCIM_ERROR, patchOp: PATCH_OP, user: USER_SCHEMA, group: GROUP_SCHEMA } = SCIM_URN;
/** Entra ID names groups by object id in ID tokens and sends that id as the group's externalId. */
const ENTRA_VIEWERS = "5a3c1c8e-7d0b-4b8e-9f4e-0c2d9a1b7e61";

let served: ServedRoster;
let h: Harness;
let op: OidcProvider;
let ownerToken = "";
let ownerId = "";
let token = "";
let people = 0;

/** The mapping every test here runs under (tests that change it put it back). */
const MAPPING = {
  roles: [
    { group: "roster-admins", role: "SUPER_ADMIN" },
    { group: "support", role: "OPERATOR" },
    { group: ENTRA_VIEWERS, role: "VIEWER" },
  ],
  memberships: [
    { group: "support", tenant: "acme", role: "OPERATOR_FULL" },
    { group: "support", tenant: "globex", role: "OPERATOR_READONLY" },
    { group: "acme-readers", tenant: "acme", role: "OPERATOR_READONLY" },
  ],
};
const configure = (mapping = MAPPING) =>
  h.call("PUT", "/v1/sso", { token: ownerToken, body: { issuer: op.issuer, clientId: op.clientId, clientSecret: op.clientSecret, ...mapping, enforced: false } });

beforeAll(async () => {
  served = await servedRoster({ ROSTER_ALLOW_LOOPBACK_FETCH: "on", ROSTER_SSO_TIMEOUT_MS: "1000" });
  h = served.h;
  op = await startOidcProvider({ redirectUri: `${served.issuer}/v1/sso/callback` });
  const owner = await h.owner("owner@scim-groups.example");
  ownerToken = owner.accessToken;
  ownerId = owner.id;
  await h.createTenant(ownerToken, "acme");
  await h.createTenant(ownerToken, "globex");
  expect((await configure()).status).toBe(200);
  const res = await h.call("POST", "/v1/scim-tokens", { token: ownerToken, body: { name: "IdP" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  token = res.body.token;
});

afterAll(async () => {
  await op?.stop();
  await served?.close();
});

/** A SCIM request as a directory sends it: its bearer token and `application/scim+json`. */
const scim = (method: string, path: string, body?: unknown) =>
  h.call(method, `/scim/v2${path}`, { token, body, headers: body === undefined ? {} : { "Content-Type": "application/scim+json; charset=utf-8" } });
const patch = (groupId: string, ...Operations: unknown[]) => scim("PATCH", `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations });

function expectStatus(res: Res, status: number) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
}
function expectScimError(res: Res, status: number, scimType?: string) {
  expectStatus(res, status);
  expect(res.body).toEqual({ schemas: [SCIM_ERROR], status: String(status), detail: expect.any(String), ...(scimType && { scimType }) });
}

/** A person the directory provisioned, as Okta and Entra ID both do before pushing groups. */
async function provisioned(label: string): Promise<{ id: string; email: string }> {
  const email = `${label}-${++people}@scim-groups.example`;
  const res = await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: email, name: { givenName: label, familyName: "Doe" }, active: true });
  expectStatus(res, 201);
  return { id: res.body.id, email };
}

async function newGroup(displayName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName, members: [], ...extra });
  expectStatus(res, 201);
  return res.body.id;
}

/** What the person can do in Roster now: their role and status, and their tenants with the role in each. */
async function accessOf(userId: string) {
  const user = await h.call("GET", `/v1/users/${userId}`, { token: ownerToken });
  expectStatus(user, 200);
  const tenants: Record<string, string> = {};
  for (const slug of ["acme", "globex"]) {
    const list = await h.call("GET", `/v1/tenants/${slug}/memberships`, { token: ownerToken });
    expectStatus(list, 200);
    const found = list.body.items.find((item: { user: { id: string } }) => item.user.id === userId);
    if (found) tenants[slug] = found.role;
  }
  return { role: user.body.role, status: user.body.status, tenants };
}

const eventsFor = async (targetId: string) => (await h.auditEvents()).filter((event) => event.target.id === targetId || event.target.id.endsWith(`/${targetId}`));
const groupsOf = async (userId: string) => (await scim("GET", `/Users/${userId}`)).body.groups.map((group: { display: string }) => group.display);
const membersOf = async (groupId: string) => ((await scim("GET", `/Groups/${groupId}`)).body.members ?? []).map((member: { value: string }) => member.value).sort();

describe("Okta's Group Push", () => {
  it("finds no group, creates it, pushes a member: the mapping's role and tenants follow, audited as the directory's", async () => {
    const person = await provisioned("okta");
    expect(await accessOf(person.id)).toEqual({ role: "CLIENT_USER", status: "ACTIVE", tenants: {} });

    const none = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "support"')}`);
    expectStatus(none, 200);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

    const groupId = await newGroup("support");
    const found = await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "SUPPORT"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, displayName: "support", members: [] }] });

    expectStatus(await patch(groupId, { op: "add", path: "members", value: [{ value: person.id, display: person.email }] }), 200);
    expect(await accessOf(person.id)).toEqual({ role: "OPERATOR", status: "ACTIVE", tenants: { acme: "OPERATOR_FULL", globex: "OPERATOR_READONLY" } });
    expect(await groupsOf(person.id)).toEqual(["support"]);
    expect(await membersOf(groupId)).toEqual([person.id]);

    const events = await eventsFor(person.id);
    for (const type of ["GROUP_MEMBER_ADDED", "USER_ROLE_CHANGED", "MEMBERSHIP_GRANTED"]) {
      const event = events.find((candidate) => candidate.type === type);
      expect(event, type).toBeDefined();
      expect(event!.actor).toMatchObject({ type: "directory", name: "IdP" });
    }
    expect(events.find((event) => event.type === "USER_ROLE_CHANGED")!.changes).toEqual({ role: { before: "CLIENT_USER", after: "OPERATOR" } });
  });

  it("renames with PUT (Okta sends the whole group): every member's access follows the new name", async () => {
    const [a, b] = [await provisioned("put-a"), await provisioned("put-b")];
    const groupId = await newGroup("acme-readers", { members: [{ value: a.id }, { value: b.id }] });
    expect(await accessOf(a.id)).toEqual({ role: "CLIENT_USER", status: "ACTIVE", tenants: {} });

    const renamed = await scim("PUT", `/Groups/${groupId}`, { schemas: [GROUP_SCHEMA], id: groupId, displayName: "support", members: [{ value: a.id }, { value: b.id }] });
    // A name another group holds is taken: support exists from the test above.
    expectScimError(renamed, 409, "uniqueness");

    const put = await scim("PUT", `/Groups/${groupId}`, { schemas: [GROUP_SCHEMA], id: groupId, displayName: "roster-admins", members: [{ value: a.id }, { value: b.id }] });
    expectStatus(put, 200);
    expect(put.body).toMatchObject({ id: groupId, displayName: "roster-admins", meta: { resourceType: "Group", version: 'W/"2"' } });
    for (const person of [a, b]) {
      expect(await accessOf(person.id)).toEqual({ role: "SUPER_ADMIN", status: "ACTIVE", tenants: {} });
      expect(await groupsOf(person.id)).toEqual(["roster-admins"]);
    }
    const changed = (await eventsFor(groupId)).find((event) => event.type === "GROUP_CHANGED");
    expect(changed?.changes).toEqual({ displayName: { before: "acme-readers", after: "roster-admins" } });

    // PUT without b: b leaves (RFC 7644 §3.5.1: what the PUT does not name is not kept), and falls back to least privilege.
    expectStatus(await scim("PUT", `/Groups/${groupId}`, { schemas: [GROUP_SCHEMA], displayName: "roster-admins", members: [{ value: a.id }] }), 200);
    expect(await accessOf(b.id)).toEqual({ role: "CLIENT_USER", status: "ACTIVE", tenants: {} });
    expect(await membersOf(groupId)).toEqual([a.id]);
  });

  it("removes one member by the filtered path; deletes the group: members derived again without it, the group gone", async () => {
    const [a, b] = [await provisioned("rm-a"), await provisioned("rm-b")];
    const groupId = await newGroup("okta-support-2", { members: [{ value: a.id }, { value: b.id }] });
    const support = (await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "support"')}&excludedAttributes=members`)).body.Resources[0].id;
    expectStatus(await patch(support, { op: "add", path: "members", value: [{ value: a.id }, { value: b.id }] }), 200);
    expect((await accessOf(a.id)).role).toBe("OPERATOR");

    expectStatus(await patch(support, { op: "remove", path: `members[value eq "${a.id}"]` }), 200);
    expect(await accessOf(a.id)).toEqual({ role: "CLIENT_USER", status: "ACTIVE", tenants: {} });
    expect(await groupsOf(a.id)).toEqual(["okta-support-2"]);
    const revoked = (await eventsFor(a.id)).filter((event) => event.type === "MEMBERSHIP_REVOKED");
    expect(revoked.map((event) => event.tenant).sort()).toEqual(["acme", "globex"]);

    expectStatus(await scim("DELETE", `/Groups/${groupId}`), 204);
    expectScimError(await scim("GET", `/Groups/${groupId}`), 404);
    expect(await groupsOf(a.id)).toEqual([]);
    expect(await groupsOf(b.id)).toEqual(["support"]);
    expect((await accessOf(b.id)).role).toBe("OPERATOR");
    expect((await eventsFor(groupId)).map((event) => event.type)).toContain("GROUP_DEPROVISIONED");
    // The name is free again.
    expectStatus(await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "okta-support-2" }), 201);
  });
});

describe("Entra ID's sequence", () => {
  it("finds by displayName without members, creates with its object id, adds with `Add`: mapped by externalId", async () => {
    const person = await provisioned("entra");
    const lookup = await scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Roster Viewers"')}`);
    expect(lookup.body.totalResults).toBe(0);
    const groupId = await newGroup("Roster Viewers", { externalId: ENTRA_VIEWERS, members: undefined });

    expectStatus(await patch(groupId, { op: "Add", path: "members", value: [{ value: person.id }] }), 200);
    expect(await accessOf(person.id)).toEqual({ role: "VIEWER", status: "ACTIVE", tenants: {} });

    const read = await scim("GET", `/Groups/${groupId}?excludedAttributes=members`);
    expectStatus(read, 200);
    expect(read.body).not.toHaveProperty("members");
    expect(read.body).toMatchObject({ schemas: [GROUP_SCHEMA], id: groupId, externalId: ENTRA_VIEWERS, displayName: "Roster Viewers" });
    const byExternalId = await scim("GET", `/Groups?filter=${encodeURIComponent(`externalId eq "${ENTRA_VIEWERS}"`)}`);
    expect(byExternalId.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, members: [{ value: person.id, type: "User" }] }] });

    // A rename with a path, then Entra's path-less replace that sends the id back: the externalId keeps the mapping.
    expectStatus(await patch(groupId, { op: "Replace", path: "displayName", value: "Roster Viewers EU" }), 200);
    expectStatus(await patch(groupId, { op: "Replace", value: { id: groupId, displayName: "Roster Viewers" } }), 200);
    expect((await scim("GET", `/Groups/${groupId}`)).body.displayName).toBe("Roster Viewers");
    expect((await accessOf(person.id)).role).toBe("VIEWER");
    expect(await groupsOf(person.id)).toEqual(["Roster Viewers"]);

    expectStatus(await patch(groupId, { op: "Remove", path: "members", value: [{ value: person.id }] }), 200);
    expect(await accessOf(person.id)).toEqual({ role: "CLIENT_USER", status: "ACTIVE", tenants: {} });
    expect(await membersOf(groupId)).toEqual([]);
  });

  it("removes with Entra's `members[value eq \"…\"]` path too, and replaces all members at once", async () => {
    const [a, b, c] = [await provisioned("entra-a"), await provisioned("entra-b"), await provisioned("entra-c")];
    const groupId = await newGroup("Entra Readers", { externalId: "11111111-2222-3333-4444-555555555555" });
    expectStatus(await patch(groupId, { op: "Add", path: "members", value: [{ value: a.id }, { value: b.id }] }), 200);
    expectStatus(await patch(groupId, { op: "Remove", path: `members[value eq "${a.id}"]` }), 200);
    expect(await membersOf(groupId)).toEqual([b.id]);
    expectStatus(await patch(groupId, { op: "replace", path: "members", value: [{ value: c.id }, { value: a.id }] }), 200);
    expect(await membersOf(groupId)).toEqual([a.id, c.id].sort());
    expect(await groupsOf(b.id)).toEqual([]);
    expectStatus(await patch(groupId, { op: "remove", path: "members" }), 200);
    expect(await membersOf(groupId)).toEqual([]);
  });
});

describe("deprovisioning a group member", () => {
  it("active=false then DELETE: their SSO session dies, the group no longer lists them", async () => {
    const person = await provisioned("cut");
    const support = (await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "support"')}`)).body.Resources[0].id;
    expectStatus(await patch(support, { op: "add", path: "members", value: [{ value: person.id }] }), 200);

    // Their first SSO sign-in: the ID token names no groups, yet the directory's group still counts, so they are not deprovisioned.
    op.setAccount("cut-sub", { email: person.email, email_verified: true, groups: [] });
    const jar = new Jar();
    const callback = await go(jar, await toCallback(jar, { baseUrl: served.issuer, issuer: op.issuer }, "cut-sub"));
    expect(callback.status).toBe(302);
    const session = jar.get(served.issuer, "__Host-roster_session");
    expect(session).toBeDefined();
    expect((await accessOf(person.id)).role).toBe("OPERATOR");
    const consolePage = () => h.call("GET", "/console/account", { cookie: session! });
    expect((await consolePage()).status).toBe(200);

    expectStatus(await scim("PATCH", `/Users/${person.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] }), 200);
    expect((await consolePage()).headers.get("Location")).toMatch(/^\/console\/sign-in/);
    expect(await accessOf(person.id)).toMatchObject({ status: "DEACTIVATED" });

    expectStatus(await scim("DELETE", `/Users/${person.id}`), 204);
    expect(await membersOf(support)).not.toContain(person.id);
    expect((await consolePage()).headers.get("Location")).toMatch(/^\/console\/sign-in/);
  });
});

describe("what the mapping never touches", () => {
  it("the owner and a person invited in Roster are listed as members, their access unchanged", async () => {
    const local = await h.activeUser(ownerToken, `local-${++people}@scim-groups.example`, "VIEWER");
    const groupId = await newGroup("admins-but-not-for-them", { members: [{ value: ownerId }, { value: local.id }] });
    expectStatus(await patch(groupId, { op: "replace", path: "displayName", value: "support-locals" }), 200);
    expect(await membersOf(groupId)).toEqual([ownerId, local.id].sort());
    expect((await accessOf(ownerId)).role).toBe("SUPER_ADMIN");
    expect(await accessOf(local.id)).toEqual({ role: "VIEWER", status: "ACTIVE", tenants: {} });
    expect(await groupsOf(local.id)).toEqual(["support-locals"]);
  });

  it("without an SSO configuration groups only record who is in them; with it back, the next change derives", async () => {
    const person = await provisioned("nosso");
    expectStatus(await h.call("DELETE", "/v1/sso", { token: ownerToken }), 204);
    try {
      const groupId = await newGroup("roster-admins-2");
      expectStatus(await patch(groupId, { op: "add", path: "members", value: [{ value: person.id }] }), 200);
      expect(await accessOf(person.id)).toEqual({ role: "CLIENT_USER", status: "ACTIVE", tenants: {} });
      expect(await groupsOf(person.id)).toEqual(["roster-admins-2"]);
    } finally {
      expectStatus(await configure({ ...MAPPING, roles: [...MAPPING.roles, { group: "roster-admins-2", role: "OPERATOR" }] }), 200);
    }
    const groupId = (await scim("GET", `/Groups?filter=${encodeURIComponent('displayName eq "roster-admins-2"')}`)).body.Resources[0].id;
    expectStatus(await patch(groupId, { op: "replace", path: "externalId", value: "okta-00g2" }), 200);
    expect((await accessOf(person.id)).role).toBe("OPERATOR");
    expectStatus(await configure(), 200);
  });
});

describe("errors, in SCIM's schema", () => {
  it("an unknown member is 400 invalidValue and nothing is written; unknown groups 404; a taken name 409; bad filters and paths 400", async () => {
    const person = await provisioned("err");
    const before = (await scim("GET", "/Groups?count=0")).body.totalResults;
    expectScimError(await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "typo", members: [{ value: person.id }, { value: "usr_nobody" }] }), 400, "invalidValue");
    expect((await scim("GET", "/Groups?count=0")).body.totalResults).toBe(before);
    expect(await groupsOf(person.id)).toEqual([]);

    const groupId = await newGroup("errors");
    expectScimError(await patch(groupId, { op: "add", path: "members", value: [{ value: "usr_nobody" }] }), 400, "invalidValue");
    expectScimError(await patch(groupId, { op: "remove", path: "displayName" }), 400, "invalidValue");
    expectScimError(await patch(groupId, { op: "replace", path: 'members[value eq "x"]', value: {} }), 400, "invalidPath");
    expectScimError(await patch(groupId, { op: "move", path: "members" }), 400, "invalidSyntax");
    expectScimError(await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "ERRORS" }), 409, "uniqueness");
    expectScimError(await scim("POST", "/Groups", { schemas: [GROUP_SCHEMA] }), 400, "invalidValue");
    expectScimError(await scim("GET", "/Groups/grp_nothere"), 404);
    expectScimError(await patch("grp_nothere", { op: "add", path: "members", value: [{ value: person.id }] }), 404);
    expectScimError(await scim("DELETE", "/Groups/grp_nothere"), 404);
    expectScimError(await scim("GET", `/Groups?filter=${encodeURIComponent('members eq "x"')}`), 400, "invalidFilter");
  });

  it("pages groups with startIndex and count, totalResults exact", async () => {
    const total = (await scim("GET", "/Groups?count=0")).body.totalResults;
    const first = await scim("GET", "/Groups?startIndex=1&count=2&excludedAttributes=members");
    const second = await scim("GET", "/Groups?startIndex=3&count=2&excludedAttributes=members");
    expect(first.body).toMatchObject({ totalResults: total, itemsPerPage: 2, startIndex: 1 });
    expect(second.body).toMatchObject({ totalResults: total, startIndex: 3 });
    const ids = [...first.body.Resources, ...second.body.Resources].map((group: { id: string }) => group.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
