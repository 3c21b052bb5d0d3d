import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@team.example");
});

let n = 0;
const email = (prefix = "user") => `${prefix}${++n}@team.example`;
const as = (token: string) => ({
  get: (path: string) => h.call("GET", path, { token }),
  post: (path: string, body?: unknown) => h.call("POST", path, { token, body }),
  put: (path: string, body: unknown) => h.call("PUT", path, { token, body }),
  del: (path: string) => h.call("DELETE", path, { token }),
});
const admin = () => as(owner.accessToken);

async function invited(role = "OPERATOR") {
  const res = await admin().post("/v1/users", { email: email("invited"), role });
  return { id: res.body.user.id as string, email: res.body.user.email as string, setupUrl: res.body.setupUrl as string };
}
async function active(role = "OPERATOR") {
  const person = await h.member(owner.accessToken, email(role.toLowerCase()), role);
  return { ...person, id: person.user.id };
}

/** The admin-count item must equal the number of ACTIVE SUPER_ADMINs: the last-admin guard depends on it. */
async function expectAdminCountConsistent() {
  const listed = await admin().get("/v1/users?status=ACTIVE&role=SUPER_ADMIN&limit=100");
  const { Item } = await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: "WORKSPACE", sk: "ADMINS" }, ConsistentRead: true }));
  expect(Item?.activeSuperAdmins).toBe(listed.body.items.length);
}

async function expectCode(res: { status: number; body: { code: string } }, status: number, code: string) {
  expect(res.body.code).toBe(code);
  expect(res.status).toBe(status);
}

describe("GET /v1/users", () => {
  let l: Harness;
  let token: string;
  beforeAll(async () => {
    l = await createHarness();
    token = (await l.owner("lead@list.example")).accessToken;
    // 25 invited operators, 10 invited contractors, 3 active operators named "Zed …".
    for (let i = 0; i < 25; i++) await l.call("POST", "/v1/users", { token, body: { email: `op${String(i).padStart(2, "0")}@list.example`, role: "OPERATOR" } });
    for (let i = 0; i < 10; i++) await l.call("POST", "/v1/users", { token, body: { email: `ctr${i}@list.example`, role: "CONTRACTOR" } });
    for (let i = 0; i < 3; i++) {
      const res = await l.call("POST", "/v1/users", { token, body: { email: `active${i}@list.example`, role: "OPERATOR" } });
      await l.completeSetup(res.body.setupUrl, `Zed Number${i}`);
      l.clock.advance(1);
    }
  });

  async function all(query: string, limit: number) {
    const items: { id: string; createdAt: string; email: string; status: string; role: string }[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 40; page++) {
      const res = await l.call("GET", `/v1/users?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(res.status).toBe(200);
      expect(res.calls).toBeLessThanOrEqual(2);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return items;
  }

  it("pages through the whole team newest first", async () => {
    const items = await all("", 7);
    expect(items).toHaveLength(39);
    expect(new Set(items.map((u) => u.id)).size).toBe(39);
    const keys = items.map((u) => `${u.createdAt}#${u.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it("filters by status, role and both, reading only matches", async () => {
    expect(await all("&role=CONTRACTOR", 4)).toHaveLength(10);
    const invitedOps = await all("&status=INVITED&role=OPERATOR", 6);
    expect(invitedOps).toHaveLength(25);
    expect(invitedOps.every((u) => u.status === "INVITED" && u.role === "OPERATOR")).toBe(true);
    const activeOps = await l.call("GET", "/v1/users?status=ACTIVE&role=OPERATOR&limit=3", { token });
    expect(activeOps.body.items).toHaveLength(3);
    expect(activeOps.body.items.every((u: { status: string }) => u.status === "ACTIVE")).toBe(true);
  });

  it("finds by q through the search index alone, paging across email and name matches", async () => {
    // "active" matches three emails (active0@…) and no name; "zed" three names and no email.
    const byEmail = await l.call("GET", "/v1/users?q=ACTIVE&limit=2", { token });
    expect(byEmail.calls).toBeLessThanOrEqual(2);
    expect(byEmail.body.items).toHaveLength(2);
    const rest = await l.call("GET", `/v1/users?q=active&limit=2&cursor=${byEmail.body.nextCursor}`, { token });
    expect(rest.body.items).toHaveLength(1);
    const byName = await l.call("GET", "/v1/users?q=zed&limit=2", { token });
    expect(byName.body.items.every((u: { displayName: string; status: string; lastLoginAt: unknown }) => u.displayName.startsWith("Zed") && u.status === "ACTIVE")).toBe(true);
    const more = await l.call("GET", `/v1/users?q=zed&limit=2&cursor=${byName.body.nextCursor}`, { token });
    expect([...byName.body.items, ...more.body.items].map((u: { email: string }) => u.email).sort()).toEqual(
      ["active0@list.example", "active1@list.example", "active2@list.example"],
    );
  });

  it("keeps the name entry in step: a deactivated user is found by name as DEACTIVATED", async () => {
    const found = await l.call("GET", "/v1/users?q=zed%20number1", { token });
    const user = found.body.items[0];
    expect((await l.call("POST", `/v1/users/${user.id}/deactivate`, { token })).status).toBe(200);
    const again = await l.call("GET", "/v1/users?q=zed%20number1", { token });
    expect(again.body.items).toEqual([{ ...user, status: "DEACTIVATED" }]);
    expect((await l.call("GET", "/v1/users?q=zed&status=DEACTIVATED", { token })).body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
    expect((await l.call("POST", `/v1/users/${user.id}/reactivate`, { token })).status).toBe(200);
  });

  it("matches q against the email or display name prefix, case-insensitively", async () => {
    expect((await all("&q=OP1", 100)).map((u) => u.email).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `op1${i}@list.example`));
    const zed = await all("&q=zed%20num", 100);
    expect(zed).toHaveLength(3);
    expect(await all("&q=zed&status=INVITED", 100)).toHaveLength(0);
  });

  it("refuses bad parameters and non-admins", async () => {
    await expectCode(await l.call("GET", "/v1/users?status=GONE", { token }), 400, "request.invalid");
    await expectCode(await l.call("GET", "/v1/users?cursor=xyz", { token }), 400, "request.invalid");
    await expectCode(await l.call("GET", "/v1/users"), 401, "auth.unauthenticated");
    const op = await l.member(token, "peeker@list.example", "OPERATOR");
    await expectCode(await l.call("GET", "/v1/users", { token: op.accessToken }), 403, "auth.forbidden");
  });
});

describe("GET /v1/users/{id}", () => {
  it("answers the user with memberships, or 404", async () => {
    const u = await invited();
    const res = await admin().get(`/v1/users/${u.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: u.id, email: u.email, status: "INVITED", memberships: [] });
    await expectCode(await admin().get("/v1/users/usr_doesnotexist"), 404, "user.not_found");
  });
});

describe("POST /v1/users/{id}/setup-token", () => {
  it("kills the old link at once, mails and returns the new one", async () => {
    const u = await invited();
    const res = await admin().post(`/v1/users/${u.id}/setup-token`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ setupUrl: expect.stringContaining("/setup#token="), setupExpiresAt: expect.any(String), emailDelivery: "sent" });
    await expectCode(await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(u.setupUrl) } }), 404, "setup.not_found");
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(res.body.setupUrl) } })).status).toBe(200);
    expect((await h.mailsTo(u.email)).at(-1)!.body.text).toContain(res.body.setupUrl);
  });

  it("answers 409 user.not_invited for a user who completed setup, 404 for nobody", async () => {
    const u = await active();
    await expectCode(await admin().post(`/v1/users/${u.id}/setup-token`), 409, "user.not_invited");
    await expectCode(await admin().post("/v1/users/usr_nobody/setup-token"), 404, "user.not_found");
  });

  it("race: regenerate vs complete — exactly one wins and the loser's link is dead", async () => {
    for (let round = 0; round < 3; round++) {
      const u = await invited();
      const token = h.tokenOf(u.setupUrl);
      const secret = (await h.call("POST", "/v1/setup/totp", { body: { token } })).body.secret;
      const [regen, complete] = await Promise.all([
        admin().post(`/v1/users/${u.id}/setup-token`),
        h.call("POST", "/v1/setup/complete", { body: { token, displayName: "Racer", password: GOOD_PASSWORD, totpCode: h.nextCode(secret) } }),
      ]);
      const user = (await admin().get(`/v1/users/${u.id}`)).body;
      if (complete.status === 200) {
        expect([409]).toContain(regen.status);
        expect(user.status).toBe("ACTIVE");
      } else {
        expect(regen.status).toBe(200);
        expect(complete.body.code).toBe("setup.used");
        expect(user.status).toBe("INVITED");
        expect((await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(regen.body.setupUrl) } })).status).toBe(200);
      }
      expect((await h.call("POST", "/v1/setup/lookup", { body: { token } })).status).not.toBe(200);
    }
  });
});

describe("PUT /v1/users/{id}/role", () => {
  it("changes the role in place, effective on the user's next request, within 3 round trips", async () => {
    const u = await active();
    await expectCode(await as(u.accessToken).post("/v1/users", { email: email(), role: "OPERATOR" }), 403, "auth.forbidden");
    const res = await admin().put(`/v1/users/${u.id}/role`, { role: "SUPER_ADMIN" });
    expect(res.status).toBe(200);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.body.role).toBe("SUPER_ADMIN");
    expect((await as(u.accessToken).post("/v1/users", { email: email(), role: "OPERATOR" })).status).toBe(201);
    const event = (await h.auditEvents()).find((e) => e.type === "USER_ROLE_CHANGED" && e.target.id === u.id);
    expect(event.changes).toEqual({ role: { before: "OPERATOR", after: "SUPER_ADMIN" } });
    await expectAdminCountConsistent();
    expect((await admin().put(`/v1/users/${u.id}/role`, { role: "OPERATOR" })).status).toBe(200);
    await expectAdminCountConsistent();
  });

  it("keeps an invitation's role in step with its link", async () => {
    const u = await invited();
    await admin().put(`/v1/users/${u.id}/role`, { role: "CONTRACTOR" });
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(u.setupUrl) } })).body.role).toBe("CONTRACTOR");
  });

  it("guards: self, owner, unknown role, unknown user", async () => {
    const other = await active("SUPER_ADMIN");
    await expectCode(await admin().put(`/v1/users/${owner.user.id}/role`, { role: "OPERATOR" }), 409, "user.self_action");
    await expectCode(await as(other.accessToken).put(`/v1/users/${owner.user.id}/role`, { role: "OPERATOR" }), 409, "user.owner_protected");
    await expectCode(await admin().put(`/v1/users/${other.id}/role`, { role: "EMPEROR" }), 400, "request.invalid");
    await expectCode(await admin().put("/v1/users/usr_nobody/role", { role: "OPERATOR" }), 404, "user.not_found");
  });

  it("refuses a role that would strand memberships (409 membership.role_mismatch)", async () => {
    const u = await active();
    // A membership held by the user, as the tenants feature records it on the profile.
    await h.deps.db.doc.send(
      new UpdateCommand({ TableName: h.table, Key: { pk: `USER#${u.id}`, sk: "PROFILE" }, UpdateExpression: "SET operatorMemberships = :one", ExpressionAttributeValues: { ":one": 1 } }),
    );
    await expectCode(await admin().put(`/v1/users/${u.id}/role`, { role: "CLIENT_USER" }), 409, "membership.role_mismatch");
    await expectCode(await admin().put(`/v1/users/${u.id}/role`, { role: "SUPER_ADMIN" }), 409, "membership.role_mismatch");
    expect((await admin().put(`/v1/users/${u.id}/role`, { role: "CONTRACTOR" })).status).toBe(200);
  });
});

describe("deactivate and reactivate", () => {
  it("cuts every session at once; reactivation does not revive them", async () => {
    const u = await active();
    const second = await h.signIn(u.email, u.secret);
    const res = await admin().post(`/v1/users/${u.id}/deactivate`);
    expect(res.status).toBe(200);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.body.status).toBe("DEACTIVATED");
    for (const token of [u.accessToken, second.accessToken]) await expectCode(await as(token).get("/v1/me"), 401, "auth.unauthenticated");
    await expectCode(await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401, "auth.invalid_refresh");
    h.clock.advance(31_000);
    await expectCode(
      await h.call("POST", "/v1/auth/login", { body: { email: u.email, password: GOOD_PASSWORD, totpCode: h.nextCode(u.secret) } }),
      401,
      "auth.invalid_credentials",
    );
    await expectCode(await admin().post(`/v1/users/${u.id}/deactivate`), 409, "user.not_active");

    const back = await admin().post(`/v1/users/${u.id}/reactivate`);
    expect(back.status).toBe(200);
    expect(back.calls).toBeLessThanOrEqual(3);
    expect(back.body.status).toBe("ACTIVE");
    await expectCode(await as(second.accessToken).get("/v1/me"), 401, "auth.unauthenticated");
    await expectCode(await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: second.refreshToken } }), 401, "auth.invalid_refresh");
    h.clock.advance(31_000);
    const fresh = await h.signIn(u.email, u.secret);
    expect((await as(fresh.accessToken).get("/v1/me")).status).toBe(200);
    await expectCode(await admin().post(`/v1/users/${u.id}/reactivate`), 409, "user.not_deactivated");
  });

  it("guards: self, owner, invited users", async () => {
    const other = await active("SUPER_ADMIN");
    await expectCode(await admin().post(`/v1/users/${owner.user.id}/deactivate`), 409, "user.self_action");
    await expectCode(await as(other.accessToken).post(`/v1/users/${owner.user.id}/deactivate`), 409, "user.owner_protected");
    await expectCode(await admin().post(`/v1/users/${(await invited()).id}/deactivate`), 409, "user.not_active");
    await expectCode(await admin().post(`/v1/users/${owner.user.id}/reactivate`), 409, "user.self_action");
  });

  it("race: two admins deactivating each other — never both, and the admin count stays true", async () => {
    for (let round = 0; round < 3; round++) {
      const a = await active("SUPER_ADMIN");
      const b = await active("SUPER_ADMIN");
      const [ab, ba] = await Promise.all([as(a.accessToken).post(`/v1/users/${b.id}/deactivate`), as(b.accessToken).post(`/v1/users/${a.id}/deactivate`)]);
      const statuses = [ab.status, ba.status].sort();
      expect(statuses[0]).toBe(200);
      expect(statuses[1]).not.toBe(200);
      const left = await Promise.all([admin().get(`/v1/users/${a.id}`), admin().get(`/v1/users/${b.id}`)]);
      expect(left.map((r) => r.body.status).sort()).toEqual(["ACTIVE", "DEACTIVATED"]);
      await expectAdminCountConsistent();
    }
  });

  it("refuses to leave no ACTIVE SUPER_ADMIN (409 user.last_admin), as a condition on the count", async () => {
    const lone = await createHarness();
    const boss = await lone.owner("boss@lone.example");
    const deputy = await lone.member(boss.accessToken, "deputy@lone.example", "SUPER_ADMIN");
    // Pretend the count says the deputy is the only one left: the guard must trust the count, not guess.
    await lone.deps.db.doc.send(
      new UpdateCommand({ TableName: lone.table, Key: { pk: "WORKSPACE", sk: "ADMINS" }, UpdateExpression: "SET activeSuperAdmins = :one", ExpressionAttributeValues: { ":one": 1 } }),
    );
    await expectCode(await lone.call("POST", `/v1/users/${deputy.user.id}/deactivate`, { token: boss.accessToken }), 409, "user.last_admin");
    expect((await lone.call("GET", `/v1/users/${deputy.user.id}`, { token: boss.accessToken })).body.status).toBe("ACTIVE");
  });
});

describe("POST /v1/users/{id}/mfa-reset", () => {
  it("forgets the authenticator and ends the user's sessions", async () => {
    const u = await active();
    const res = await admin().post(`/v1/users/${u.id}/mfa-reset`);
    expect(res.status).toBe(200);
    expect(res.body.mfaEnrolled).toBe(false);
    await expectCode(await as(u.accessToken).get("/v1/me"), 401, "auth.unauthenticated");
    await expectCode(await h.call("POST", "/v1/auth/refresh", { body: { refreshToken: u.refreshToken } }), 401, "auth.invalid_refresh");
    expect((await h.auditEvents()).some((e) => e.type === "MFA_RESET" && e.target.id === u.id)).toBe(true);
  });

  it("guards: self, not active", async () => {
    await expectCode(await admin().post(`/v1/users/${owner.user.id}/mfa-reset`), 409, "user.self_action");
    await expectCode(await admin().post(`/v1/users/${(await invited()).id}/mfa-reset`), 409, "user.not_active");
  });
});

describe("DELETE /v1/users/{id}", () => {
  it("removes the user, frees the email, keeps the history", async () => {
    const u = await active();
    const res = await admin().del(`/v1/users/${u.id}`);
    expect(res.status).toBe(204);
    await expectCode(await as(u.accessToken).get("/v1/me"), 401, "auth.unauthenticated");
    await expectCode(await admin().get(`/v1/users/${u.id}`), 404, "user.not_found");
    await expectCode(await admin().del(`/v1/users/${u.id}`), 404, "user.not_found");
    const history = await admin().get(`/v1/audit-events?targetId=${u.id}`);
    expect(history.body.items.map((e: { type: string }) => e.type)).toContain("USER_REMOVED");
    expect(history.body.items.find((e: { type: string }) => e.type === "USER_REMOVED").target.email).toBe(u.email);
    const again = await admin().post("/v1/users", { email: u.email, role: "OPERATOR" });
    expect(again.status).toBe(201);
    expect(again.body.user.id).not.toBe(u.id);
  });

  it("removes an invitation with its link", async () => {
    const u = await invited();
    expect((await admin().del(`/v1/users/${u.id}`)).status).toBe(204);
    await expectCode(await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(u.setupUrl) } }), 404, "setup.not_found");
  });

  it("guards: self, owner", async () => {
    const other = await active("SUPER_ADMIN");
    await expectCode(await admin().del(`/v1/users/${owner.user.id}`), 409, "user.self_action");
    await expectCode(await as(other.accessToken).del(`/v1/users/${owner.user.id}`), 409, "user.owner_protected");
  });

  it("race: role change vs removal — the user is either gone or has the new role, never half of each", async () => {
    for (let round = 0; round < 3; round++) {
      const u = await active();
      const deputy = await active("SUPER_ADMIN");
      const [change, removal] = await Promise.all([
        admin().put(`/v1/users/${u.id}/role`, { role: "CONTRACTOR" }),
        as(deputy.accessToken).del(`/v1/users/${u.id}`),
      ]);
      const now = await admin().get(`/v1/users/${u.id}`);
      if (removal.status === 204) {
        expect(now.status).toBe(404);
        expect(change.status === 200 || change.status === 404 || change.status === 409).toBe(true);
        expect((await admin().post("/v1/users", { email: u.email, role: "OPERATOR" })).status).toBe(201);
      } else {
        expect(change.status).toBe(200);
        expect(now.body.role).toBe("CONTRACTOR");
      }
      await expectAdminCountConsistent();
    }
  });
});

describe("POST /v1/users/{id}/ownership", () => {
  it("hands ownership to an ACTIVE SUPER_ADMIN; only the owner may", async () => {
    const t = await createHarness();
    const first = await t.owner("first@own.example");
    const second = await t.member(first.accessToken, "second@own.example", "SUPER_ADMIN");
    const op = await t.member(first.accessToken, "op@own.example", "OPERATOR");
    const call = (token: string, id: string) => t.call("POST", `/v1/users/${id}/ownership`, { token });

    await expectCode(await call(second.accessToken, op.user.id), 403, "auth.forbidden");
    await expectCode(await call(first.accessToken, op.user.id), 409, "user.not_eligible_owner");
    await expectCode(await call(first.accessToken, first.user.id), 409, "user.self_action");

    const res = await call(first.accessToken, second.user.id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: second.user.id, isOwner: true });
    expect((await t.call("GET", "/v1/me", { token: first.accessToken })).body.isOwner).toBe(false);
    // The former owner is an ordinary admin now: the new owner may deactivate them.
    expect((await t.call("POST", `/v1/users/${first.user.id}/deactivate`, { token: second.accessToken })).status).toBe(200);
  });

  it("race: transfer vs deactivation of the same person — the owner is always an ACTIVE SUPER_ADMIN", async () => {
    for (let round = 0; round < 3; round++) {
      const t = await createHarness();
      const boss = await t.owner("boss@race.example");
      const heir = await t.member(boss.accessToken, "heir@race.example", "SUPER_ADMIN");
      const other = await t.member(boss.accessToken, "other@race.example", "SUPER_ADMIN");
      const [transfer, deactivation] = await Promise.all([
        t.call("POST", `/v1/users/${heir.user.id}/ownership`, { token: boss.accessToken }),
        t.call("POST", `/v1/users/${heir.user.id}/deactivate`, { token: other.accessToken }),
      ]);
      expect([transfer.status, deactivation.status]).toContain(200);
      expect([transfer.status, deactivation.status]).not.toEqual([200, 200]);
      const { Item } = await t.deps.db.doc.send(new GetCommand({ TableName: t.table, Key: { pk: "WORKSPACE", sk: "OWNER" }, ConsistentRead: true }));
      const ownerNow = (await t.call("GET", `/v1/users/${Item!.userId}`, { token: other.accessToken })).body;
      expect(ownerNow).toMatchObject({ status: "ACTIVE", role: "SUPER_ADMIN", isOwner: true });
      const owners = (await t.call("GET", "/v1/users?limit=100", { token: other.accessToken })).body.items.filter((u: { isOwner: boolean }) => u.isOwner);
      expect(owners).toHaveLength(1);
    }
  });
});
