import { ApiClient } from "@roster/core";
import { exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { SCIM_URN } from "../fixtures/scim-urns";
import { createHarness, type Harness } from "../harness";
import { clientToken } from "./roster-tokens";

/**
 * /scim/v2/Users end to end, with the requests Okta and Microsoft Entra ID send, written as they
 * send them: provisioning, matching by filter, PATCH in each one's dialect, deactivation (every
 * credential of the person dead on its next use), reactivation, removal; the SCIM error schema,
 * and the races that must hold under concurrency.
 */

type Res = Awaited<ReturnType<Harness["call"]>>;
type Person = Awaited<ReturnType<Harness["owner"]>>;

const { error: SCIM_ERROR, listResponse: LIST_RESPONSE, patchOp: PATCH_OP, user: USER_SCHEMA, enterpriseUser: ENTERPRISE } = SCIM_URN;

let h: Harness;
let owner: Person;
let token = "";
let base = "";

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@scim-users.example");
  const res = await h.call("POST", "/v1/scim-tokens", { token: owner.accessToken, body: { name: "IdP" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  token = res.body.token;
  base = `${h.deps.settings.publicUrl}/scim/v2`;
});

/** A SCIM request as a directory sends it: its bearer token and `application/scim+json`. */
const scim = (method: string, path: string, body?: unknown) =>
  h.call(method, `/scim/v2${path}`, { token, body, headers: body === undefined ? {} : { "Content-Type": "application/scim+json; charset=utf-8" } });

function expectScimError(res: Res, status: number, scimType?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/scim\+json/);
  expect(res.body).toEqual({ schemas: [SCIM_ERROR], status: String(status), detail: expect.any(String), ...(scimType && { scimType }) });
}

const eventsOf = async (type: string, targetId: string) => (await h.auditEvents()).filter((event) => event.type === type && event.target.id === targetId);
const me = (accessToken: string) => h.call("GET", "/v1/me", { token: accessToken });

/** Okta's "Create User" (its SCIM 2.0 test app's shape). */
const oktaCreate = (email: string) => ({
  schemas: [USER_SCHEMA],
  userName: email,
  name: { givenName: "Ada", familyName: "Lovelace" },
  emails: [{ primary: true, value: email, type: "work" }],
  displayName: "Ada Lovelace",
  locale: "en-US",
  externalId: "00u1abcdEFGHijkl5d7",
  groups: [],
  password: "ignored-Okta-sends-one-when-told-to",
  active: true,
});

/** Entra ID's "Create User" (Microsoft's SCIM reference request). */
const entraCreate = (email: string, externalId: string) => ({
  schemas: [USER_SCHEMA, ENTERPRISE],
  externalId,
  userName: email,
  active: true,
  addresses: [{ primary: true, type: "work", country: "GB" }],
  displayName: "Grace Hopper",
  emails: [{ primary: true, type: "work", value: email }],
  name: { familyName: "Hopper", givenName: "Grace" },
  title: "Rear Admiral",
  [ENTERPRISE]: { department: "Navy", manager: { value: "" } },
  meta: { resourceType: "User" },
});

describe("Okta's sequence", () => {
  let id = "";
  const email = "ada@okta.example";

  it("finds nobody, provisions the person, finds them by userName in any case", async () => {
    const none = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}&startIndex=1&count=100`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ schemas: [LIST_RESPONSE], totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] });
    expect(none.calls).toBe(2);

    const created = await scim("POST", "/Users", oktaCreate(email));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get("content-type")).toMatch(/^application\/scim\+json/);
    id = created.body.id;
    expect(id).toMatch(/^usr_/);
    expect(created.headers.get("location")).toBe(`${base}/Users/${id}`);
    expect(created.body).toEqual({
      schemas: [USER_SCHEMA],
      id,
      externalId: "00u1abcdEFGHijkl5d7",
      userName: email,
      name: { givenName: "Ada", familyName: "Lovelace" },
      displayName: "Ada Lovelace",
      emails: [{ value: email, type: "work", primary: true }],
      active: true,
      groups: [],
      meta: { resourceType: "User", created: expect.any(String), lastModified: expect.any(String), location: `${base}/Users/${id}`, version: 'W/"1"' },
    });
    expect(created.calls).toBe(2);

    const user = await h.call("GET", `/v1/users/${id}`, { token: owner.accessToken });
    expect(user.body).toMatchObject({ email, role: "CLIENT_USER", status: "ACTIVE", source: "scim", displayName: "Ada Lovelace", mfaEnrolled: false });
    const [provisioned] = await eventsOf("USER_PROVISIONED", id);
    expect(provisioned).toMatchObject({
      actor: { type: "directory" },
      changes: { role: { before: null, after: "CLIENT_USER" }, status: { before: null, after: "ACTIVE" }, source: { before: null, after: "scim" } },
    });
    // No setup mail and no password: the person signs in through the identity provider only.
    expect(await h.mailsTo(email)).toEqual([]);
    const password = await h.call("POST", "/v1/auth/login", { body: { email, password: "plum orbit canyon lantern 7", totpCode: "123456" } });
    expect(password.status).toBe(401);

    const found = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ADA@okta.example"')}`);
    expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [{ id, userName: email }] });
    const fetched = await scim("GET", `/Users/${id}`);
    expect(fetched.body).toEqual(created.body);
    expect(fetched.calls).toBe(2);
  });

  it("answers a second POST of the userName, in another case, with 409 uniqueness", async () => {
    expectScimError(await scim("POST", "/Users", oktaCreate("Ada@Okta.Example")), 409, "uniqueness");
  });

  it("applies Okta's path-less replace: profile, then active=false, then active=true", async () => {
    const renamed = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: "replace", value: { name: { givenName: "Augusta Ada", familyName: "King" }, displayName: "Ada King" } }],
    });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: { givenName: "Augusta Ada", familyName: "King" }, displayName: "Ada King", active: true });
    expect(await eventsOf("USER_PROFILE_CHANGED", id)).toHaveLength(1);

    const off = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(off.body.active).toBe(false);
    // Authentication, the read of the person, one transaction.
    expect(off.calls).toBe(3);
    expect((await h.call("GET", `/v1/users/${id}`, { token: owner.accessToken })).body.status).toBe("DEACTIVATED");
    expect(await eventsOf("USER_DEPROVISIONED", id)).toMatchObject([{ actor: { type: "directory" }, changes: { status: { before: "ACTIVE", after: "DEACTIVATED" } } }]);

    const on = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] });
    expect(on.body.active).toBe(true);
    expect(await eventsOf("USER_REACTIVATED", id)).toHaveLength(1);
  });

  it("replaces with PUT as Okta sends it (the whole profile); a new userName moves the email, a taken one is 409 uniqueness", async () => {
    const put = await scim("PUT", `/Users/${id}`, { ...oktaCreate(email), id, name: { givenName: "Ada", familyName: "Byron" }, displayName: undefined });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ name: { givenName: "Ada", familyName: "Byron" }, displayName: "Ada Byron", active: true });

    const other = await scim("POST", "/Users", oktaCreate("taken@okta.example"));
    expect(other.status).toBe(201);
    expectScimError(await scim("PUT", `/Users/${id}`, { ...oktaCreate("Taken@okta.example"), id }), 409, "uniqueness");
    const moved = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "userName", value: "ada.byron@okta.example" }] });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ userName: "ada.byron@okta.example", emails: [{ value: "ada.byron@okta.example" }] });
    expect((await h.call("GET", `/v1/users/${id}`, { token: owner.accessToken })).body.email).toBe("ada.byron@okta.example");
    expect((await h.call("GET", "/v1/users?q=ada.byron", { token: owner.accessToken })).body.items.map((user: { id: string }) => user.id)).toEqual([id]);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada.byron@okta.example"')}`)).body.totalResults).toBe(1);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`)).body.totalResults).toBe(0);
    // The old email is free again.
    expect((await scim("POST", "/Users", oktaCreate(email))).status).toBe(201);
    expectScimError(await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: "userName" }] }), 400, "mutability");
  });
});

describe("Entra ID's sequence", () => {
  let id = "";
  const email = "grace@entra.example";
  const objectId = "58342554-38d6-4ec8-948c-50044d0a33fd";

  it("matches by externalId, then provisions", async () => {
    const none = await scim("GET", `/Users?filter=${encodeURIComponent(`externalId eq "${objectId}"`)}`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await scim("POST", "/Users", entraCreate(email, objectId));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    id = created.body.id;
    const byExternal = await scim("GET", `/Users?filter=${encodeURIComponent(`externalId eq "${objectId}"`)}`);
    expect(byExternal.body).toMatchObject({ totalResults: 1, Resources: [{ id, externalId: objectId }] });
    const both = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}" and externalId eq "${objectId}"`)}`);
    expect(both.body.totalResults).toBe(1);
    const wrong = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}" and externalId eq "other"`)}`);
    expect(wrong.body.totalResults).toBe(0);
    const byName = await scim("GET", `/Users?filter=${encodeURIComponent('displayName eq "grace HOPPER"')}`);
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
  });

  it("applies Entra's capitalised ops, paths and string booleans; ignores what Roster does not keep", async () => {
    const res = await scim("PATCH", `/Users/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: "Replace", path: "displayName", value: "Grace B. Hopper" },
        { op: "Replace", path: "name.givenName", value: "Grace Brewster" },
        { op: "Add", path: 'emails[type eq "work"].value', value: email },
        { op: "Replace", path: "title", value: "Commodore" },
        { op: "Add", path: `${ENTERPRISE}:department`, value: "US Navy" },
        { op: "Replace", path: "active", value: "True" },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ displayName: "Grace B. Hopper", name: { givenName: "Grace Brewster", familyName: "Hopper" }, active: true });
  });

  it("deactivates with Entra's { op: Replace, path: active, value: False } and reactivates with True", async () => {
    const off = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(off.body.active).toBe(false);
    const again = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] });
    expect(again.status).toBe(200);
    // Sent twice, recorded once: nothing changed the second time.
    expect(await eventsOf("USER_DEPROVISIONED", id)).toHaveLength(1);
    const on = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "True" }] });
    expect(on.body.active).toBe(true);
  });

  it("removes with DELETE: the email is free again, the history stays", async () => {
    const res = await scim("DELETE", `/Users/${id}`);
    expect(res.status).toBe(204);
    expectScimError(await scim("GET", `/Users/${id}`), 404);
    const deprovisioned = await eventsOf("USER_DEPROVISIONED", id);
    expect(deprovisioned).toHaveLength(2);
    expect(deprovisioned.filter((event) => event.changes === null)).toMatchObject([{ actor: { type: "directory" }, target: { email } }]);
    const recreated = await scim("POST", "/Users", entraCreate(email, objectId));
    expect(recreated.status).toBe(201);
  });
});

describe("the cut-off", () => {
  let counter = 0;
  /**
   * A person the identity provider manages who is signed in with every kind of credential: made
   * through core as a member (sessions, a personal access token), then marked as SSO-made, as a
   * person the IdP took over is.
   */
  async function signedIn(role = "OPERATOR") {
    const email = `holder${++counter}@cut.example`;
    const m = await h.member(owner.accessToken, email, role);
    await h.setProfile(m.user.id, "source", "sso");
    const pat = await h.call("POST", "/v1/me/tokens", { token: m.accessToken, body: { name: "script", expiresInDays: 30 } });
    expect(pat.status, JSON.stringify(pat.body)).toBe(201);
    for (const credential of [m.accessToken, pat.body.token]) expect((await me(credential)).status).toBe(200);
    return { ...m, id: m.user.id, pat: pat.body.token as string };
  }

  async function expectAllDead(person: { accessToken: string; refreshToken: string; pat: string }) {
    expect((await me(person.accessToken)).status).toBe(401);
    expect((await me(person.pat)).status).toBe(401);
    expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: person.refreshToken } })).status).toBe(401);
  }

  it("active=false kills the access token, refresh token, personal access token and USER client at once; reactivation does not revive the first three", async () => {
    // A SUPER_ADMIN: the role that may register API clients (a USER client acts as its creator).
    const person = await signedIn("SUPER_ADMIN");
    const { privateKey, publicKey } = await generateKeyPair("Ed25519", { extractable: true });
    const client = await ApiClient.create(h.deps, await h.principalOf(person.accessToken), { name: "their script", type: "USER", publicKey: { ...(await exportJWK(publicKey)) }, scopes: ["tenants:read"] }, FIXTURE_CONTEXT);
    const clientAccess = await clientToken(h, { id: client.id, privateKey });
    expect((await h.call("GET", "/v1/tenants", { token: clientAccess })).status).toBe(200);
    const off = await scim("PATCH", `/Users/${person.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    await expectAllDead(person);
    expect((await h.call("GET", "/v1/tenants", { token: clientAccess })).status).toBe(401);
    expect((await scim("PATCH", `/Users/${person.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: true }] })).body.active).toBe(true);
    await expectAllDead(person);
  });

  it("DELETE kills them too", async () => {
    const person = await signedIn();
    expect((await scim("DELETE", `/Users/${person.id}`)).status).toBe(204);
    await expectAllDead(person);
  });

  it("an admin's deactivation is not lifted by the directory's active=true", async () => {
    const person = await signedIn();
    expect((await h.call("POST", `/v1/users/${person.id}/deactivate`, { token: owner.accessToken })).status).toBe(200);
    const on = await scim("PATCH", `/Users/${person.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] });
    expect(on.status).toBe(200);
    expect(on.body.active).toBe(false);
  });
});

describe("what a directory may not do", () => {
  it("reads a person invited in Roster, but does not change or remove them (403); the owner never (409 mutability)", async () => {
    const local = await h.activeUser(owner.accessToken, "local@scim-users.example");
    expect((await scim("GET", `/Users/${local.id}`)).body).toMatchObject({ userName: local.email, active: true });
    expectScimError(await scim("PATCH", `/Users/${local.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: false } }] }), 403);
    expectScimError(await scim("DELETE", `/Users/${local.id}`), 403);
    // Asking for what already is changes nothing, and is answered.
    expect((await scim("PATCH", `/Users/${local.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", value: { active: true } }] })).status).toBe(200);
    expectScimError(await scim("PATCH", `/Users/${owner.user.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] }), 409, "mutability");
    expectScimError(await scim("DELETE", `/Users/${owner.user.id}`), 409, "mutability");
    expect((await me(owner.accessToken)).status).toBe(200);
  });

  it("answers unknown ids, filters and ops in SCIM's error schema", async () => {
    expectScimError(await scim("GET", "/Users/usr_000000000000000000000000"), 404);
    expectScimError(await scim("DELETE", "/Users/usr_000000000000000000000000"), 404);
    for (const filter of ['userName co "a"', 'emails.value eq "a@b.example"', 'userName eq "a" or userName eq "b"', "userName eq a", 'title eq "x"']) {
      expectScimError(await scim("GET", `/Users?filter=${encodeURIComponent(filter)}`), 400, "invalidFilter");
    }
    const person = await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "errors@scim-users.example" });
    expect(person.status).toBe(201);
    expectScimError(await scim("PATCH", `/Users/${person.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Move", path: "active", value: false }] }), 400, "invalidSyntax");
    expectScimError(await scim("PATCH", `/Users/${person.body.id}`, { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: "maybe" }] }), 400, "invalidValue");
    expectScimError(await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "not an email" }), 400, "invalidValue");
  });
});

describe("a person with a tenant membership", () => {
  it("a name change reaches the tenant's member list; DELETE takes the membership with the person", async () => {
    await h.createTenant(owner.accessToken, "scim-acme");
    const created = await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: "member@scim-users.example", displayName: "First Name" });
    const id = created.body.id as string;
    await h.grant(owner.accessToken, "scim-acme", id, "CLIENT_VIEWER");
    const renamed = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "displayName", value: "Second Name" }] });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    const members = await h.call("GET", "/v1/tenants/scim-acme/memberships", { token: owner.accessToken });
    expect(members.body.items).toMatchObject([{ user: { id, displayName: "Second Name" } }]);
    const searched = await h.call("GET", "/v1/users?q=second", { token: owner.accessToken });
    expect(searched.body.items.map((user: { id: string }) => user.id)).toEqual([id]);
    // Cleared: the person has no name, and is still readable everywhere.
    const cleared = await scim("PATCH", `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: "remove", path: "displayName" }] });
    expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
    expect(cleared.body).not.toHaveProperty("displayName");
    expect((await scim("GET", `/Users/${id}`)).body).not.toHaveProperty("displayName");
    expect((await h.call("GET", `/v1/users/${id}`, { token: owner.accessToken })).body.displayName).toBeNull();
    expect((await h.call("GET", "/v1/tenants/scim-acme/memberships", { token: owner.accessToken })).body.items).toMatchObject([{ user: { id, displayName: null } }]);
    expect((await h.call("GET", "/v1/users?q=second", { token: owner.accessToken })).body.items).toEqual([]);
    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
    expect((await h.call("GET", "/v1/tenants/scim-acme/memberships", { token: owner.accessToken })).body.items).toEqual([]);
  });
});

describe("listing and projection", () => {
  it("pages the team with startIndex and count, totalResults exact; projects attributes", async () => {
    for (let i = 0; i < 3; i++) expect((await scim("POST", "/Users", { schemas: [USER_SCHEMA], userName: `page${i}@scim-users.example`, displayName: `Page ${i}` })).status).toBe(201);
    const all = await scim("GET", "/Users?count=100");
    const total = all.body.totalResults as number;
    expect(all.body.Resources).toHaveLength(total);
    const second = await scim("GET", "/Users?startIndex=2&count=2");
    expect(second.body).toMatchObject({ totalResults: total, itemsPerPage: 2, startIndex: 2 });
    expect(second.body.Resources.map((user: { id: string }) => user.id)).toEqual(all.body.Resources.slice(1, 3).map((user: { id: string }) => user.id));
    const onlyCount = await scim("GET", "/Users?count=0");
    expect(onlyCount.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });

    const projected = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "page0@scim-users.example"')}&attributes=userName,name.givenName`);
    expect(projected.body.Resources[0]).toEqual({ schemas: [USER_SCHEMA], id: expect.any(String), userName: "page0@scim-users.example", name: {} });
    const excluded = await scim("GET", `/Users/${projected.body.Resources[0].id}?excludedAttributes=groups,meta`);
    expect(excluded.body).not.toHaveProperty("groups");
    expect(excluded.body).not.toHaveProperty("meta");
    expect(excluded.body.userName).toBe("page0@scim-users.example");
  });
});

describe("races", () => {
  it("two parallel POSTs of one userName: exactly one 201, the other 409 uniqueness, one person, one USER_PROVISIONED (repeated)", async () => {
    for (let round = 0; round < 5; round++) {
      const email = `twice${round}@race.example`;
      const answers = await Promise.all([scim("POST", "/Users", oktaCreate(email)), scim("POST", "/Users", oktaCreate(email.toUpperCase()))]);
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses, JSON.stringify(answers.map((res) => res.body))).toEqual([201, 409]);
      expectScimError(answers.find((res) => res.status === 409)!, 409, "uniqueness");
      const found = await scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${email}"`)}`);
      expect(found.body.totalResults).toBe(1);
      const events = (await h.auditEvents()).filter((event) => event.type === "USER_PROVISIONED" && String(event.target.email).toLowerCase() === email);
      expect(events).toHaveLength(1);
    }
  });

  it("a deactivation racing a sign-in: afterwards no session or token of the person works (repeated)", async () => {
    for (let round = 0; round < 4; round++) {
      const email = `racer${round}@race.example`;
      const m = await h.member(owner.accessToken, email, "OPERATOR");
      await h.setProfile(m.user.id, "source", "sso");
      const [login, off] = await Promise.allSettled([
        h.signIn(email, m.secret),
        scim("PATCH", `/Users/${m.user.id}`, { schemas: [PATCH_OP], Operations: [{ op: "Replace", path: "active", value: "False" }] }),
      ]);
      expect(off.status === "fulfilled" && off.value.status).toBe(200);
      const user = await h.call("GET", `/v1/users/${m.user.id}`, { token: owner.accessToken });
      expect(user.body.status).toBe("DEACTIVATED");
      expect((await me(m.accessToken)).status).toBe(401);
      if (login.status === "fulfilled") {
        expect((await me(login.value.accessToken)).status).toBe(401);
        expect((await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: login.value.refreshToken } })).status).toBe(401);
      }
    }
  });
});
