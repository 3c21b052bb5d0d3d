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
async function clientUser(token: string, slug: string, role: string, email = fresh()) {
  const res = await invite(token, slug, email, role);
  if (res.status !== 201) throw new Error(`invitation ${res.status}: ${JSON.stringify(res.body)}`);
  const { secret } = await h.completeSetup(res.body.setupUrl, email.split("@")[0]);
  return { email, id: res.body.user.id as string, ...(await h.signIn(email, secret)) };
}

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
    const items = (transactions[0]!.input.TransactItems as { Put?: { Item: { entity?: string; type?: string } } }[]).map((w) => w.Put?.Item);
    expect(items.map((i) => i?.entity).sort()).toEqual(["AuditEvent", "AuditEvent", "EmailClaim", "Membership", "SetupToken", "User"]);
    expect(items.filter((i) => i?.entity === "AuditEvent").map((i) => i!.type).sort()).toEqual(["MEMBERSHIP_GRANTED", "USER_INVITED"]);

    // The profile counts the membership from its creation, as a grant would have left it.
    const stored = await profile(res.body.user.id);
    expect(stored.clientMemberships).toBe(1);
    expect(stored.memberTenants).toEqual(new Set(["acme"]));

    const events = (await h.auditEvents()).filter((e) => e.target.id === res.body.user.id || e.target.id === `acme/${res.body.user.id}`);
    expect(events.map((e) => [e.type, e.tenant]).sort()).toEqual([["MEMBERSHIP_GRANTED", "acme"], ["USER_INVITED", "acme"]]);
    const [mail] = await h.mailsTo(email);
    expect(linkIn(mail?.body.text)).toBe(res.body.setupUrl);

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
  it("an ACTIVE client user just gains the membership: no link, no mail", async () => {
    const person = await clientUser(globexAdmin, "globex", "CLIENT_VIEWER");
    const mailsBefore = (await h.mailsTo(person.email)).length;
    const res = await invite(acmeAdmin, "acme", person.email.toUpperCase(), "CLIENT_VIEWER");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      user: { id: person.id, status: "ACTIVE", role: "CLIENT_USER" },
      membership: { tenant: { slug: "acme" }, role: "CLIENT_VIEWER", user: { id: person.id, displayName: person.email.split("@")[0] } },
      setupUrl: null,
      setupExpiresAt: null,
      emailDelivery: null,
    });
    expect(await h.mailsTo(person.email)).toHaveLength(mailsBefore);
    const stored = await profile(person.id);
    expect(stored.clientMemberships).toBe(2);
    expect(stored.memberTenants).toEqual(new Set(["acme", "globex"]));
    const me = await h.call("GET", "/v1/me", { token: person.accessToken });
    expect(me.body.memberships.map((m: { tenant: { slug: string } }) => m.tenant.slug).sort()).toEqual(["acme", "globex"]);
    const events = (await h.auditEvents()).filter((e) => e.target.id === `acme/${person.id}`);
    expect(events.map((e) => e.type)).toEqual(["MEMBERSHIP_GRANTED"]);

    const again = await invite(acmeAdmin, "acme", person.email);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("membership.exists");
  });

  it("an INVITED client user gains it too, and a fresh link goes to them alone: the one another admin holds stops working", async () => {
    const email = fresh("pending");
    const first = await invite(globexAdmin, "globex", email);
    expect(first.status).toBe(201);
    const res = await invite(acmeAdmin, "acme", email);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.setupUrl).toBeNull();
    expect(res.body.emailDelivery).toBe("sent");
    expect(res.body.setupExpiresAt).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({ id: first.body.user.id, status: "INVITED", setupExpiresAt: res.body.setupExpiresAt });

    // globex's admin held the first link: it is dead, so they cannot finish the setup and walk into acme.
    const old = await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(first.body.setupUrl) } });
    expect(old.status).toBe(404);
    const mails = await h.mailsTo(email);
    expect(mails).toHaveLength(2);
    const link = linkIn(mails[1]!.body.text)!;
    expect(link).not.toBe(first.body.setupUrl);
    const { secret } = await h.completeSetup(link, "Pending Person");
    const session = await h.signIn(email, secret);
    expect((await h.call("GET", "/v1/portal/acme", { token: session.accessToken })).status).toBe(200);
    expect((await h.call("GET", "/v1/portal/globex", { token: session.accessToken })).status).toBe(200);
    expect((await profile(first.body.user.id)).clientMemberships).toBe(2);
    const types = (await h.auditEvents()).filter((e) => e.tenant === "acme" && (e.target.id === first.body.user.id || e.target.id === `acme/${first.body.user.id}`));
    expect(types.map((e) => e.type).sort()).toEqual(["MEMBERSHIP_GRANTED", "SETUP_LINK_REGENERATED"]);
  });

  it("refuses the email of anyone who is not a client user: 409 user.email_taken", async () => {
    const operator = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: fresh("operator"), role: "OPERATOR" } });
    for (const email of [operator.body.user.email, "owner@clients.example"]) {
      const res = await invite(acmeAdmin, "acme", email);
      expect(res.status, email).toBe(409);
      expect(res.body.code).toBe("user.email_taken");
    }
    expect((await profile(operator.body.user.id)).clientMemberships).toBeUndefined();
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
