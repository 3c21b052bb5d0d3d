import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { Membership } from "@roster/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
/** acme's client admin, signed in; globex's likewise. */
let acmeAdmin: string;
let globexAdmin: string;

let n = 0;
const fresh = (prefix = "client") => `${prefix}${++n}@clients.example`;
const invite = (token: string, slug: string, email: string, role = "CLIENT_VIEWER") =>
  h.call("POST", `/v1/tenants/${slug}/invitations`, { token, body: { email, role } });

/** A client user invited into a tenant, set up and signed in. */
const clientUser = (token: string, slug: string, role: string, email = fresh()) => h.clientUser(token, slug, email, role);

async function profile(userId: string) {
  const { Item } = await h.deps.db.doc.send(new GetCommand({ TableName: h.table, Key: { pk: `USER#${userId}`, sk: "PROFILE" }, ConsistentRead: true }));
  return Item!;
}

const linkIn = (text: string | undefined) => /https?:\/\/\S+\/setup#token=\S+/.exec(text ?? "")?.[0];

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@clients.example");
  for (const [slug, name] of [["acme", "Acme"], ["globex", "Globex"]]) {
    const res = await h.call("POST", "/v1/tenants", { token: owner.accessToken, body: { slug, name } });
    if (res.status !== 201) throw new Error(`tenant ${res.status}`);
  }
  acmeAdmin = (await clientUser(owner.accessToken, "acme", "CLIENT_ADMIN")).accessToken;
  globexAdmin = (await clientUser(owner.accessToken, "globex", "CLIENT_ADMIN")).accessToken;
});

describe("POST /v1/tenants/{slug}/invitations: a new email", () => {
  it("creates the CLIENT_USER with its membership, link and both events in one transaction, then mails the link", async () => {
    const email = fresh("new");
    let res!: Awaited<ReturnType<typeof invite>>;
    const sent = await h.recordCommands(async () => {
      res = await invite(acmeAdmin, "acme", email, "CLIENT_ADMIN");
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.calls).toBeLessThanOrEqual(3);
    expect(res.body).toMatchObject({
      user: { email, role: "CLIENT_USER", status: "INVITED", setupExpiresAt: res.body.setupExpiresAt },
      membership: { tenant: { slug: "acme", name: "Acme" }, user: { id: res.body.user.id, email, displayName: null }, role: "CLIENT_ADMIN", expiresAt: null },
      setupUrl: expect.stringMatching(/^http:\/\/roster\.test\/setup#token=st\./),
      setupExpiresAt: expect.any(String),
      emailDelivery: "sent",
    });

    const transactions = sent.filter((c) => c.command === "TransactWriteItemsCommand");
    expect(transactions).toHaveLength(1);
    const writes = transactions[0]!.input.TransactItems as { Put?: { Item: { entity?: string; type?: string } }; ConditionCheck?: { Key: { pk: string; sk: string } } }[];
    const items = writes.flatMap((w) => (w.Put ? [w.Put.Item] : []));
    expect(items.map((i) => i.entity).sort()).toEqual(["AuditEvent", "AuditEvent", "EmailClaim", "Membership", "SetupToken", "User"]);
    // Beside them, the check that single sign-on is not enforced (invitations are the provider's then).
    expect(writes.filter((w) => w.ConditionCheck).map((w) => w.ConditionCheck!.Key)).toContainEqual({ pk: "WORKSPACE", sk: "SSO" });
    expect(items.filter((i) => i?.entity === "AuditEvent").map((i) => i!.type).sort()).toEqual(["MEMBERSHIP_GRANTED", "USER_INVITED"]);

    // The profile counts the membership from its creation, as a grant would have left it.
    const stored = await profile(res.body.user.id);
    expect(stored.clientMemberships).toBe(1);
    expect(stored.memberTenants).toEqual(new Set(["acme"]));

    const events = (await h.auditEvents()).filter((e) => e.target.id === res.body.user.id || e.target.id === `acme/${res.body.user.id}`);
    expect(events.map((e) => [e.type, e.tenant]).sort()).toEqual([["MEMBERSHIP_GRANTED", "acme"], ["USER_INVITED", "acme"]]);
    const [mail] = await h.mailsTo(email);
    expect(linkIn(mail?.body.text)).toBe(res.body.setupUrl);
    // It names the tenant and the tenant role in words, not a role code.
    expect(mail?.body.text).toContain("to Acme on Roster as an admin, who can see the account and manage its team.");
    expect(mail?.body.text).not.toContain("CLIENT_USER");

    // The invitee sets up, signs in, and is in acme's portal with the role given.
    const { secret } = await h.completeSetup(res.body.setupUrl, "New Client");
    const session = await h.signIn(email, secret);
    const portal = await h.call("GET", "/v1/portal/acme", { token: session.accessToken });
    expect(portal.status).toBe(200);
    expect(portal.body.membership.role).toBe("CLIENT_ADMIN");
    // The counter holds: the user's role cannot change under the membership.
    const role = await h.call("PUT", `/v1/users/${res.body.user.id}/role`, { token: owner.accessToken, body: { role: "OPERATOR" } });
    expect(role.status).toBe(409);
    expect(role.body.code).toBe("membership.role_mismatch");
  });

  it("is for SUPER_ADMINs and the tenant's CLIENT_ADMINs, with client roles only", async () => {
    expect((await invite(owner.accessToken, "acme", fresh())).status).toBe(201);
    const viewer = await clientUser(acmeAdmin, "acme", "CLIENT_VIEWER");
    const refused = await invite(viewer.accessToken, "acme", fresh());
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("auth.forbidden");
    const elsewhere = await invite(acmeAdmin, "globex", fresh());
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe("tenant.not_found");
    for (const role of ["OPERATOR_FULL", "OPERATOR_READONLY", "SUPER_ADMIN"]) {
      const res = await invite(acmeAdmin, "acme", fresh(), role);
      expect(res.status, role).toBe(400);
      expect(res.body.errors[0].path).toBe("role");
    }
    expect((await invite(owner.accessToken, "no-such-tenant", fresh())).body.code).toBe("tenant.not_found");
  });
});

describe("POST /v1/tenants/{slug}/invitations: an email already known", () => {
  it("an ACTIVE client user just gains the membership: named by id and email only, no link, no mail", async () => {
    const person = await clientUser(globexAdmin, "globex", "CLIENT_VIEWER");
    const mailsBefore = (await h.mailsTo(person.email)).length;
    const before = await profile(person.id);
    const res = await invite(acmeAdmin, "acme", person.email.toUpperCase(), "CLIENT_VIEWER");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Nothing of the person beyond who they are: not when they signed in, not who invited them.
    expect(res.body.user).toEqual({ id: person.id, email: person.email });
    expect(res.body).toMatchObject({
      membership: { tenant: { slug: "acme" }, role: "CLIENT_VIEWER", user: { id: person.id, displayName: person.email.split("@")[0] } },
      setupUrl: null,
      setupExpiresAt: null,
      emailDelivery: null,
    });
    expect(await h.mailsTo(person.email)).toHaveLength(mailsBefore);
    const stored = await profile(person.id);
    expect(stored.clientMemberships).toBe(2);
    expect(stored.memberTenants).toEqual(new Set(["acme", "globex"]));
    expect(stored["access#acme"]).toEqual({ role: "CLIENT_VIEWER", expiresAt: null });
    // Only the membership's bookkeeping moved: the version, password, seed and everything else are as they were.
    const { clientMemberships: _a, memberTenants: _b, "access#acme": _access, ...rest } = stored;
    const { clientMemberships: _c, memberTenants: _d, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    const me = await h.call("GET", "/v1/me", { token: person.accessToken });
    expect(me.body.memberships.map((m: { tenant: { slug: string } }) => m.tenant.slug).sort()).toEqual(["acme", "globex"]);
    const events = (await h.auditEvents()).filter((e) => e.target.id === `acme/${person.id}`);
    expect(events.map((e) => e.type)).toEqual(["MEMBERSHIP_GRANTED"]);

    const again = await invite(acmeAdmin, "acme", person.email);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("membership.exists");
  });

  it("an INVITED client user: a SUPER_ADMIN adds the membership and their pending link keeps working; a client admin may not", async () => {
    const email = fresh("pending");
    const first = await invite(globexAdmin, "globex", email);
    expect(first.status).toBe(201);
    const mailsBefore = (await h.mailsTo(email)).length;
    const before = await profile(first.body.user.id);

    // Another tenant's admin: refused, with the answer any email it may not invite gets. Nothing changed.
    const refused = await invite(acmeAdmin, "acme", email);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("membership.cannot_invite");
    expect(await profile(first.body.user.id)).toEqual(before);

    const res = await invite(owner.accessToken, "acme", email);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ user: { id: first.body.user.id, email }, setupUrl: null, setupExpiresAt: null, emailDelivery: null });
    expect(await h.mailsTo(email)).toHaveLength(mailsBefore);
    const after = await profile(first.body.user.id);
    expect(after.setupTokenHash).toBe(before.setupTokenHash);
    expect(after.version).toBe(before.version);

    // The first link still works: the invitee finishes setup with it and reaches both tenants.
    const { secret } = await h.completeSetup(first.body.setupUrl, "Pending Person");
    const session = await h.signIn(email, secret);
    expect((await h.call("GET", "/v1/portal/acme", { token: session.accessToken })).status).toBe(200);
    expect((await h.call("GET", "/v1/portal/globex", { token: session.accessToken })).status).toBe(200);
    expect((await profile(first.body.user.id)).clientMemberships).toBe(2);
    const types = (await h.auditEvents()).filter((e) => e.tenant === "acme" && (e.target.id === first.body.user.id || e.target.id === `acme/${first.body.user.id}`));
    expect(types.map((e) => e.type)).toEqual(["MEMBERSHIP_GRANTED"]);
  });

  it("answers one 409 membership.cannot_invite for every email a client admin may not invite, and changes nothing", async () => {
    const operator = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: fresh("operator"), role: "OPERATOR" } });
    const pending = await invite(globexAdmin, "globex", fresh("not-set-up"));
    const answers = [];
    for (const email of [operator.body.user.email, "owner@clients.example", pending.body.user.email]) {
      const res = await invite(acmeAdmin, "acme", email);
      expect(res.status, email).toBe(409);
      const { code, detail, status, title, type } = res.body;
      answers.push({ code, detail, status, title, type });
    }
    // The same answer whatever the reason: the answer tells nothing about who holds the email.
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.code).toBe("membership.cannot_invite");
    expect((await profile(operator.body.user.id)).clientMemberships).toBeUndefined();
    // A SUPER_ADMIN hears the same for staff: client memberships are for client users only.
    expect((await invite(owner.accessToken, "acme", operator.body.user.email)).body.code).toBe("membership.cannot_invite");
  });

  it("race: a client admin's invitation of an existing client user vs a role change: never staff holding a client membership", async () => {
    for (let round = 0; round < 3; round++) {
      const person = await clientUser(globexAdmin, "globex", "CLIENT_VIEWER");
      // Free of globex first, so the role change has nothing but the racing invitation to refuse it.
      expect((await h.call("DELETE", `/v1/tenants/globex/memberships/${person.id}`, { token: owner.accessToken })).status).toBe(204);
      const [invited, changed] = await Promise.all([
        invite(acmeAdmin, "acme", person.email),
        h.call("PUT", `/v1/users/${person.id}/role`, { token: owner.accessToken, body: { role: "OPERATOR" } }),
      ]);
      const stored = await profile(person.id);
      if (stored.role === "OPERATOR") {
        expect(changed.status).toBe(200);
        expect(invited.status).not.toBe(201);
        expect(stored.clientMemberships ?? 0).toBe(0);
      } else {
        expect(invited.status).toBe(201);
        expect(changed.status).toBe(409);
        expect(stored.clientMemberships).toBe(1);
      }
    }
  });

  it("race: parallel invitations of one existing client user into one tenant grant it once", async () => {
    for (let round = 0; round < 3; round++) {
      const person = await clientUser(globexAdmin, "globex", "CLIENT_VIEWER");
      const results = await Promise.all(Array.from({ length: 4 }, () => invite(acmeAdmin, "acme", person.email)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      for (const r of results.filter((r) => r.status !== 201)) expect(["membership.exists", "request.conflict"]).toContain(r.body.code);
      expect((await profile(person.id)).clientMemberships).toBe(2);
      expect((await h.auditEvents()).filter((e) => e.type === "MEMBERSHIP_GRANTED" && e.target.id === `acme/${person.id}`)).toHaveLength(1);
    }
  });

  it("replaces a membership that has ended, counting it once whether or not the expiry job recorded it", async () => {
    const person = await clientUser(acmeAdmin, "acme", "CLIENT_VIEWER");
    const put = (expiresAt: string) =>
      h.call("PUT", `/v1/tenants/globex/memberships/${person.id}`, { token: owner.accessToken, body: { role: "CLIENT_VIEWER", expiresAt } });
    const saved = h.clock.now();
    try {
      // Ended, not yet recorded: the counters still hold it.
      expect((await put(new Date(saved.getTime() + 60_000).toISOString())).status).toBe(201);
      h.clock.advance(61_000);
      expect((await invite(globexAdmin, "globex", person.email)).status).toBe(201);
      expect((await profile(person.id)).clientMemberships).toBe(2);
      // Ended and recorded by the job: the counters dropped it, the new membership counts anew.
      const expiresAt = new Date(h.clock.now().getTime() + 60_000).toISOString();
      expect((await put(expiresAt)).status).toBe(200);
      h.clock.advance(61_000);
      await Membership.expireDue(h.deps, h.clock.now());
      expect((await profile(person.id)).clientMemberships).toBe(1);
      const res = await invite(globexAdmin, "globex", person.email, "CLIENT_ADMIN");
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.membership).toMatchObject({ role: "CLIENT_ADMIN", expiresAt: null });
      const stored = await profile(person.id);
      expect(stored.clientMemberships).toBe(2);
      expect(stored.memberTenants).toEqual(new Set(["acme", "globex"]));
    } finally {
      h.clock.set(saved);
    }
  });
});
