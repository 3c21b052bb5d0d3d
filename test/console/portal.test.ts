import { Membership } from "@roster/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";
import { AUDIT_SHARDS } from "@roster/core/store/keys";

/** The client portal: a tenant as its members see it, and its team and audit log for its client admins. */
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;

const MINUTE = 60_000;
const session = (person: { email: string; secret: string }) => h.consoleSession(person);

async function client(email: string, role: string, slug = "acme-bank") {
  const person = await h.clientUser(owner.accessToken, slug, email, role);
  return { ...person, ...(await session(person)) };
}

async function membersOf(slug: string) {
  return (await Membership.ofTenant(h.deps, await h.principalOf(owner.accessToken), slug, { limit: 100 })).items;
}

const eventsAbout = async (type: string, targetId: string) => (await h.auditEvents()).filter((e) => e.type === type && e.target.id === targetId);

let admin: Awaited<ReturnType<typeof client>>;
let viewer: Awaited<ReturnType<typeof client>>;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@portal.example");
  await h.createTenant(owner.accessToken, "acme-bank", "Acme Bank");
  await h.createTenant(owner.accessToken, "globex", "Globex");
  admin = await client("admin@acme.example", "CLIENT_ADMIN");
  viewer = await client("viewer@acme.example", "CLIENT_VIEWER");
});

describe("a tenant's portal", () => {
  it("shows a member the tenant's name and their own role and expiry: two round trips", async () => {
    const res = await h.call("GET", "/portal/acme-bank", { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("<h1>Acme Bank</h1>");
    expect(res.body).toMatch(/<dt>Tenant role<\/dt><dd>Client viewer<\/dd>/);
    expect(res.body).toMatch(/<dt>Expires<\/dt><dd><span class="membership-expiry"><span class="muted">Never<\/span>/);
    // A viewer has nothing more to open.
    expect(res.body).not.toContain('href="/portal/acme-bank/team"');
    const adminHome = await h.call("GET", "/portal/acme-bank", { cookie: admin.cookie });
    expect(adminHome.body).toContain('href="/portal/acme-bank/team"');
    expect(adminHome.body).toContain('href="/portal/acme-bank/audit"');
  });

  it("is a 404 page for a tenant the person is not in, one that does not exist, and for a SUPER_ADMIN", async () => {
    const ownerSession = await session(owner);
    for (const [cookie, path] of [
      [viewer.cookie, "/portal/globex"],
      [viewer.cookie, "/portal/no-such-tenant"],
      [ownerSession.cookie, "/portal/acme-bank"],
    ] as const) {
      const res = await h.call("GET", path, { cookie });
      expect(res.status, path).toBe(404);
      expect(res.body).toContain("Page not found");
    }
  });

  it("is a staff member's too, with the way back to the tenant's console page", async () => {
    const operator = await h.member(owner.accessToken, "operator@portal.example", "OPERATOR");
    await h.grant(owner.accessToken, "acme-bank", operator.id, "OPERATOR_FULL");
    const { cookie } = await session(operator);
    const res = await h.call("GET", "/portal/acme-bank", { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toContain("Operator, full");
    expect(res.body).toContain('href="/console/tenants/acme-bank"');
  });

  it("leads a client user with one tenant straight to it from /console", async () => {
    const res = await h.call("GET", "/console", { cookie: viewer.cookie });
    expect(res.headers.get("location")).toBe("/portal/acme-bank");
  });
});

describe("the portal's team", () => {
  it("lists the tenant's people for its client admin, with actions on client users only: two round trips", async () => {
    const res = await h.call("GET", "/portal/acme-bank/team", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("<h1>Team</h1>");
    expect(res.body).toMatch(/<th scope="col">Email<\/th><th scope="col">Name<\/th><th scope="col">Tenant role<\/th>/);
    expect(res.body).toContain(">Invite</a>");
    expect(res.body).toContain(`aria-label="Actions for ${viewer.email}"`);
    expect(res.body).toContain("operator@portal.example");
    expect(res.body).not.toContain('aria-label="Actions for operator@portal.example"');
  });

  it("is a 403 page for a client viewer, and their forged invitation is refused with 403", async () => {
    const res = await h.call("GET", "/portal/acme-bank/team", { cookie: viewer.cookie });
    expect(res.status).toBe(403);
    expect(res.body).toContain("<h1>You don&#39;t have access to this page</h1>");
    const forged = await h.call("POST", "/portal/acme-bank/team/invitations", { cookie: viewer.cookie, form: { _csrf: viewer.csrf, email: "friend@acme.example", role: "CLIENT_ADMIN" } });
    expect(forged.status).toBe(403);
    expect(await h.mailsTo("friend@acme.example")).toEqual([]);
    expect((await h.call("GET", "/portal/acme-bank/audit", { cookie: viewer.cookie })).status).toBe(403);
  });

  it("invites a teammate: the setup link with Copy, the mail, the membership and its events", async () => {
    const res = await h.call("POST", "/portal/acme-bank/team/invitations", { cookie: admin.cookie, form: { _csrf: admin.csrf, email: "new@acme.example", role: "CLIENT_VIEWER" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatch(/<dialog id="invite"[^>]* open/);
    expect(res.body).toContain('<h2 id="invite-title">Invite a teammate</h2>');
    expect(/id="setup-link" type="text" value="([^"]+)"/.exec(res.body)?.[1]).toContain("/setup#token=");
    expect(await h.mailsTo("new@acme.example")).toHaveLength(1);
    const invited = (await membersOf("acme-bank")).find((m) => m.user.email === "new@acme.example");
    expect(invited?.role).toBe("CLIENT_VIEWER");
    expect(await eventsAbout("USER_INVITED", invited!.user.id)).toMatchObject([{ actor: { email: admin.email }, tenant: "acme-bank" }]);
  });

  it("refuses a staff email with the API's message, keeping what was typed", async () => {
    const res = await h.call("POST", "/portal/acme-bank/team/invitations", { cookie: admin.cookie, form: { _csrf: admin.csrf, email: "operator@portal.example", role: "CLIENT_ADMIN" } });
    expect(res.status).toBe(409);
    expect(res.body).toContain("This email cannot be invited into this tenant.");
    expect(res.body).toContain('value="operator@portal.example"');
  });

  it("changes a teammate's tenant role, and records MEMBERSHIP_UPDATED", async () => {
    const mate = await h.clientUser(owner.accessToken, "acme-bank", "mate@acme.example", "CLIENT_VIEWER");
    const dialog = await h.call("GET", `/portal/acme-bank/team?dialog=change-role&member=${mate.id}`, { cookie: admin.cookie });
    expect(dialog.body).toMatch(/<dialog id="change-role"[^>]* open/);
    const res = await h.call("POST", `/portal/acme-bank/team/${mate.id}/role`, { cookie: admin.cookie, form: { _csrf: admin.csrf, role: "CLIENT_ADMIN" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/portal/acme-bank/team");
    expect((await membersOf("acme-bank")).find((m) => m.user.id === mate.id)?.role).toBe("CLIENT_ADMIN");
    expect(await eventsAbout("MEMBERSHIP_UPDATED", `acme-bank/${mate.id}`)).toMatchObject([{ changes: { role: { before: "CLIENT_VIEWER", after: "CLIENT_ADMIN" } } }]);
  });

  it("refuses to change a staff member's role with 403, as the API does", async () => {
    const operator = (await membersOf("acme-bank")).find((m) => m.user.email === "operator@portal.example")!;
    const res = await h.call("POST", `/portal/acme-bank/team/${operator.user.id}/role`, { cookie: admin.cookie, form: { _csrf: admin.csrf, role: "CLIENT_VIEWER" } });
    expect(res.status).toBe(403);
    expect((await membersOf("acme-bank")).find((m) => m.user.id === operator.user.id)?.role).toBe("OPERATOR_FULL");
  });

  it("removes a teammate after a dialog naming them; their portal is gone on the next load", async () => {
    const leaver = await client("leaver@acme.example", "CLIENT_VIEWER");
    expect((await h.call("GET", "/portal/acme-bank", { cookie: leaver.cookie })).status).toBe(200);
    const dialog = await h.call("GET", `/portal/acme-bank/team?dialog=remove&member=${leaver.id}`, { cookie: admin.cookie });
    expect(dialog.body).toContain(`Remove <strong>${leaver.email}</strong> from Acme Bank?`);
    expect(dialog.body).toMatch(/<button type="submit" class="danger">Remove from tenant<\/button>/);
    const res = await h.call("POST", `/portal/acme-bank/team/${leaver.id}/remove`, { cookie: admin.cookie, form: { _csrf: admin.csrf, email: leaver.email } });
    expect(res.status).toBe(303);
    expect((await membersOf("acme-bank")).some((m) => m.user.id === leaver.id)).toBe(false);
    expect(await eventsAbout("MEMBERSHIP_REVOKED", `acme-bank/${leaver.id}`)).toMatchObject([{ actor: { email: admin.email } }]);
    expect((await h.call("GET", "/portal/acme-bank", { cookie: leaver.cookie })).status).toBe(404);
  });

  it("refuses a form without the session's CSRF token", async () => {
    const res = await h.call("POST", `/portal/acme-bank/team/${viewer.id}/remove`, { cookie: admin.cookie, form: { email: viewer.email } });
    expect(res.status).toBe(403);
    expect((await membersOf("acme-bank")).some((m) => m.user.id === viewer.id)).toBe(true);
  });

  it("is a 404 page for a client admin of another tenant", async () => {
    const other = await client("boss@globex.example", "CLIENT_ADMIN", "globex");
    expect((await h.call("GET", "/portal/acme-bank/team", { cookie: other.cookie })).status).toBe(404);
    const forged = await h.call("POST", `/portal/acme-bank/team/${viewer.id}/remove`, { cookie: other.cookie, form: { _csrf: other.csrf } });
    expect(forged.status).toBe(404);
    expect((await membersOf("acme-bank")).some((m) => m.user.id === viewer.id)).toBe(true);
  });
});

describe("the portal's audit log", () => {
  it("shows the tenant's events to its client admin, paged by Next: the session, the membership, then the trail's shards at once", async () => {
    // Enough events for a second page.
    for (let i = 0; i < 12; i++) await h.grant(owner.accessToken, "acme-bank", viewer.id, i % 2 ? "CLIENT_VIEWER" : "CLIENT_ADMIN");
    const res = await h.call("GET", "/portal/acme-bank/audit", { cookie: admin.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2 + AUDIT_SHARDS);
    expect(res.body).toContain("<h1>Audit log</h1>");
    expect(res.body).toMatch(/<th scope="col">When<\/th><th scope="col">Event<\/th><th scope="col">Actor<\/th><th scope="col">Target<\/th>/);

    const next = /<a class="button secondary" href="([^"]+)">Next<\/a>/.exec(res.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toMatch(/^\/portal\/acme-bank\/audit\?cursor=/);
    const second = await h.call("GET", next!, { cookie: admin.cookie });
    expect(second.status).toBe(200);
    expect(second.body).toContain(">Previous</a>");
    const ids = (html: string) => [...html.matchAll(/<time datetime="[^"]+">/g)].length;
    expect(ids(second.body)).toBeGreaterThan(0);
    // Events of one instant may come in either order across the page break: look at both pages.
    const both = res.body + second.body;
    expect(both).toContain("Membership revoked");
    expect(both).toContain("leaver@acme.example");
    // Nothing of another tenant.
    expect(both).not.toContain("boss@globex.example");
  });
});

describe("the portal's audit log, given a cursor it never returned", () => {
  it("is a 400 page with the list's own words, short or long", async () => {
    for (const cursor of ["not-a-cursor", "x".repeat(600)]) {
      const res = await h.call("GET", `/portal/acme-bank/audit?cursor=${cursor}`, { cookie: admin.cookie });
      expect(res.status, cursor.slice(0, 12)).toBe(400);
      expect(res.body).toContain("The cursor is not one this list returned.");
    }
  });
});

// Last: it moves the clock.
describe("an access that ends", () => {
  it("is lost on the next load once the membership expires", async () => {
    const temp = await h.member(owner.accessToken, "temp@portal.example", "CONTRACTOR");
    await h.grant(owner.accessToken, "acme-bank", temp.id, "OPERATOR_READONLY", new Date(h.clock.now().getTime() + 10 * MINUTE).toISOString());
    const { cookie } = await session(temp);
    const before = await h.call("GET", "/portal/acme-bank", { cookie });
    expect(before.status).toBe(200);
    expect(before.body).toContain("Expires soon");
    // The same session, still well within its idle timeout: only the membership ended.
    h.clock.advance(10 * MINUTE + 1000);
    expect((await h.call("GET", "/console/account", { cookie })).status).toBe(200);
    expect((await h.call("GET", "/portal/acme-bank", { cookie })).status).toBe(404);
  });
});
