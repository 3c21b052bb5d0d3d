import { Membership, Tenant } from "@roster/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

/** `/console/tenants` and a tenant's page: who sees what, and every change to a tenant's members, by form. */
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
let ownerCookie: string;
let ownerCsrf: string;

const DAY = 86_400_000;
/** The value a `datetime-local` control posts for an instant (UTC, to the minute). */
const localInput = (at: number) => new Date(at).toISOString().slice(0, 16);

const consoleSession = (person: { email: string; secret: string }) => h.consoleSession(person);

async function staff(email: string, role: string) {
  const person = await h.member(owner.accessToken, email, role);
  return { ...person, ...(await consoleSession(person)) };
}

/** The tenant's live members, through core as the API lists them. */
async function membersOf(slug: string) {
  return (await Membership.ofTenant(h.deps, await h.principalOf(owner.accessToken), slug, { limit: 100 })).items;
}

/** The events of a type about one target (the test clock stands still, so their order is not theirs to tell). */
const eventsAbout = async (type: string, targetId: string) => (await h.auditEvents()).filter((e) => e.type === type && e.target.id === targetId);

let viewer: Awaited<ReturnType<typeof staff>>;
let operator: Awaited<ReturnType<typeof staff>>;
let outsider: Awaited<ReturnType<typeof staff>>;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@tenants.example");
  ({ cookie: ownerCookie, csrf: ownerCsrf } = await consoleSession(owner));
  await h.createTenant(owner.accessToken, "acme-bank", "Acme Bank");
  await h.createTenant(owner.accessToken, "globex", "Globex");
  viewer = await staff("viewer@tenants.example", "VIEWER");
  operator = await staff("operator@tenants.example", "OPERATOR");
  outsider = await staff("outsider@tenants.example", "OPERATOR");
  await h.grant(owner.accessToken, "acme-bank", operator.id, "OPERATOR_FULL");
});

describe("the tenants list", () => {
  it("shows a SUPER_ADMIN every tenant, each name a link to its page, and New tenant: two round trips", async () => {
    const res = await h.call("GET", "/console/tenants", { cookie: ownerCookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("<h1>Tenants</h1>");
    expect(res.body).toMatch(/<th scope="col">Name<\/th><th scope="col">Slug<\/th>/);
    expect(res.body).toContain('<a href="/console/tenants/acme-bank">Acme Bank</a>');
    expect(res.body).toContain('<a href="/console/tenants/globex">Globex</a>');
    expect(res.body).toContain(">New tenant</a>");
    expect(res.body).toContain('id="new-tenant"');
  });

  it("shows a VIEWER every tenant, without New tenant, and refuses its forged form with 403", async () => {
    const res = await h.call("GET", "/console/tenants", { cookie: viewer.cookie });
    expect(res.calls).toBe(2);
    expect(res.body).toContain("Globex");
    expect(res.body).not.toContain("New tenant");
    const forged = await h.call("POST", "/console/tenants", { cookie: viewer.cookie, form: { _csrf: viewer.csrf, name: "Forged", slug: "forged" } });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain("<h1>You don&#39;t have access to this page</h1>");
    await expect(Tenant.get(h.deps, await h.principalOf(owner.accessToken), "forged")).rejects.toThrow();
  });

  it("shows an operator only the tenants they are a member of", async () => {
    const res = await h.call("GET", "/console/tenants", { cookie: operator.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("Acme Bank");
    expect(res.body).not.toContain("Globex");
    expect(res.body).not.toContain("New tenant");
    const none = await h.call("GET", "/console/tenants", { cookie: outsider.cookie });
    expect(none.body).toContain("You are not a member of any tenant yet");
  });

  it("is a 403 page for a client user, as is every tenant page and form of the console", async () => {
    const client = await h.clientUser(owner.accessToken, "acme-bank", "admin@acme.example", "CLIENT_ADMIN");
    const { cookie, csrf } = await consoleSession(client);
    for (const path of ["/console/tenants", "/console/tenants/acme-bank"]) {
      const res = await h.call("GET", path, { cookie });
      expect(res.status, path).toBe(403);
      expect(res.body).toContain("<h1>You don&#39;t have access to this page</h1>");
    }
    const forged = await h.call("POST", "/console/tenants/acme-bank/invitations", { cookie, form: { _csrf: csrf, email: "sneaky@acme.example", role: "CLIENT_VIEWER" } });
    expect(forged.status).toBe(403);
    expect(await h.mailsTo("sneaky@acme.example")).toEqual([]);
  });
});

describe("creating a tenant", () => {
  it("creates it through core, records TENANT_CREATED and leads to its page", async () => {
    const res = await h.call("POST", "/console/tenants", { cookie: ownerCookie, form: { _csrf: ownerCsrf, name: "Initech", slug: "initech" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/tenants/initech");
    expect((await Tenant.get(h.deps, await h.principalOf(owner.accessToken), "initech")).name).toBe("Initech");
    expect(await eventsAbout("TENANT_CREATED", "initech")).toMatchObject([{ target: { type: "tenant" }, actor: { email: owner.email } }]);
  });

  it("shows a taken slug in the dialog, with what was typed", async () => {
    const res = await h.call("POST", "/console/tenants", { cookie: ownerCookie, form: { _csrf: ownerCsrf, name: "Acme Again", slug: "acme-bank" } });
    expect(res.status).toBe(409);
    expect(res.body).toMatch(/<dialog id="new-tenant"[^>]* open/);
    expect(res.body).toContain("A tenant with the slug acme-bank already exists.");
    expect(res.body).toContain('value="Acme Again"');
  });

  it("says what is wrong with a slug before asking core", async () => {
    const res = await h.call("POST", "/console/tenants", { cookie: ownerCookie, form: { _csrf: ownerCsrf, name: "", slug: "Bad Slug" } });
    expect(res.status).toBe(400);
    expect(res.body).toContain("Enter the tenant&#39;s name.");
  });

  it("is refused without the session's CSRF token", async () => {
    const res = await h.call("POST", "/console/tenants", { cookie: ownerCookie, form: { name: "No Token", slug: "no-token" } });
    expect(res.status).toBe(403);
    await expect(Tenant.get(h.deps, await h.principalOf(owner.accessToken), "no-token")).rejects.toThrow();
  });
});

describe("a tenant's page", () => {
  it("shows a SUPER_ADMIN its name, its members and what changes them: three round trips", async () => {
    const res = await h.call("GET", "/console/tenants/acme-bank", { cookie: ownerCookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(3);
    expect(res.body).toContain("<h1>Acme Bank</h1>");
    expect(res.body).toMatch(/<th scope="col">Email<\/th><th scope="col">Role<\/th><th scope="col">Expires<\/th>/);
    expect(res.body).toContain(operator.email);
    expect(res.body).toContain(">Add member</a>");
    expect(res.body).toContain(">Invite client user</a>");
    expect(res.body).toContain(`aria-label="Actions for ${operator.email}"`);
  });

  it("shows a VIEWER the members without any action, and refuses a forged change with 403", async () => {
    const res = await h.call("GET", "/console/tenants/acme-bank", { cookie: viewer.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(3);
    expect(res.body).toContain(operator.email);
    expect(res.body).not.toContain("Add member");
    expect(res.body).not.toContain("Invite client user");
    expect(res.body).not.toContain("Actions for");
    const forged = await h.call("POST", `/console/tenants/acme-bank/members/${operator.id}/role`, { cookie: viewer.cookie, form: { _csrf: viewer.csrf, role: "OPERATOR_READONLY" } });
    expect(forged.status).toBe(403);
    expect((await membersOf("acme-bank")).find((m) => m.user.id === operator.id)?.role).toBe("OPERATOR_FULL");
  });

  it("shows a member operator its members, without actions", async () => {
    const res = await h.call("GET", "/console/tenants/acme-bank", { cookie: operator.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(3);
    expect(res.body).toContain(operator.email);
    expect(res.body).not.toContain("Actions for");
    expect(res.body).toContain('href="/portal/acme-bank"');
  });

  it("shows a read-only operator the tenant, not who else is in it: two round trips", async () => {
    const reader = await staff("reader@tenants.example", "OPERATOR");
    await h.grant(owner.accessToken, "globex", reader.id, "OPERATOR_READONLY");
    const res = await h.call("GET", "/console/tenants/globex", { cookie: reader.cookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("<h1>Globex</h1>");
    expect(res.body).not.toContain(reader.email + "</td>");
    expect(res.body).toContain("not who else is in it");
  });

  it("is the same 404 page for an operator outside the tenant as for a tenant that does not exist", async () => {
    const outside = await h.call("GET", "/console/tenants/acme-bank", { cookie: outsider.cookie });
    const missing = await h.call("GET", "/console/tenants/no-such-tenant", { cookie: outsider.cookie });
    expect(outside.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(outside.body).toContain("Page not found");
    expect(outside.body).toBe(missing.body.replaceAll("no-such-tenant", "acme-bank"));
    expect(outside.body).not.toContain("Acme Bank");
    const forged = await h.call("POST", "/console/tenants/acme-bank/members", { cookie: outsider.cookie, form: { _csrf: outsider.csrf, email: outsider.email, role: "OPERATOR_FULL" } });
    expect(forged.status).toBe(404);
  });
});

describe("adding a member", () => {
  it("grants the person the email names, and records MEMBERSHIP_GRANTED", async () => {
    const person = await h.activeUser(owner.accessToken, "newcomer@tenants.example", "OPERATOR");
    const res = await h.call("POST", "/console/tenants/acme-bank/members", { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: "Newcomer@Tenants.example", role: "OPERATOR_READONLY", expiresAt: "" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/tenants/acme-bank");
    expect((await membersOf("acme-bank")).find((m) => m.user.id === person.id)).toMatchObject({ role: "OPERATOR_READONLY", expiresAt: null });
    expect(await eventsAbout("MEMBERSHIP_GRANTED", `acme-bank/${person.id}`)).toMatchObject([{ target: { email: person.email }, tenant: "acme-bank", actor: { email: owner.email } }]);
  });

  it("refuses a contractor without an expiry with the API's message, keeping what was typed, and grants one with it (read as UTC)", async () => {
    const contractor = await h.activeUser(owner.accessToken, "contractor@tenants.example", "CONTRACTOR");
    const form = { _csrf: ownerCsrf, email: contractor.email, role: "OPERATOR_FULL", expiresAt: "" };
    const refused = await h.call("POST", "/console/tenants/acme-bank/members", { cookie: ownerCookie, form });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatch(/<dialog id="add-member"[^>]* open/);
    expect(refused.body).toContain("A contractor&#39;s membership needs an expiresAt in the future.");
    expect(refused.body).toContain(`value="${contractor.email}"`);
    expect((await membersOf("acme-bank")).some((m) => m.user.id === contractor.id)).toBe(false);

    const until = localInput(h.clock.now().getTime() + 10 * DAY);
    const granted = await h.call("POST", "/console/tenants/acme-bank/members", { cookie: ownerCookie, form: { ...form, expiresAt: until } });
    expect(granted.status).toBe(303);
    expect((await membersOf("acme-bank")).find((m) => m.user.id === contractor.id)?.expiresAt).toBe(`${until}:00.000Z`);
  });

  it("says so when no one on the team has the email", async () => {
    const res = await h.call("POST", "/console/tenants/acme-bank/members", { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: "stranger@tenants.example", role: "OPERATOR_FULL" } });
    expect(res.status).toBe(404);
    expect(res.body).toContain("No one on the team has this email");
    expect(res.body).toContain('value="stranger@tenants.example"');
  });

  it("shows a role that does not fit the person as the API says it", async () => {
    const res = await h.call("POST", "/console/tenants/acme-bank/members", { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: viewer.email, role: "OPERATOR_FULL" } });
    expect(res.status).toBe(400);
    expect(res.body).toContain("The user&#39;s role and the tenant role do not fit");
  });
});

describe("a member's row actions", () => {
  let member: { id: string; email: string };
  beforeAll(async () => {
    member = await h.activeUser(owner.accessToken, "row@tenants.example", "OPERATOR");
    await h.grant(owner.accessToken, "acme-bank", member.id, "OPERATOR_FULL");
  });

  it("opens the row's menu and each dialog without script", async () => {
    const menu = await h.call("GET", `/console/tenants/acme-bank?menu=member-${member.id}`, { cookie: ownerCookie });
    expect(menu.body).toMatch(new RegExp(`aria-label="Actions for ${member.email}"[^>]*>`));
    const list = new RegExp(`<ul id="member-${member.id}-menu"[^>]*>`).exec(menu.body)?.[0];
    expect(list).toBeDefined();
    expect(list).not.toContain("hidden");
    for (const [dialog, title] of [
      ["change-role", "Change tenant role"],
      ["change-expiry", "Change expiry"],
      ["revoke", "Revoke access"],
    ]) {
      const res = await h.call("GET", `/console/tenants/acme-bank?dialog=${dialog}&member=${member.id}`, { cookie: ownerCookie });
      expect(res.calls, dialog).toBe(3);
      expect(res.body).toMatch(new RegExp(`<dialog id="${dialog}"[^>]* open`));
      expect(res.body).toContain(`<h2 id="${dialog}-title">${title}</h2>`);
    }
  });

  it("changes the tenant role, keeping the expiry, and records MEMBERSHIP_UPDATED", async () => {
    const res = await h.call("POST", `/console/tenants/acme-bank/members/${member.id}/role`, { cookie: ownerCookie, form: { _csrf: ownerCsrf, role: "OPERATOR_READONLY" } });
    expect(res.status).toBe(303);
    expect((await membersOf("acme-bank")).find((m) => m.user.id === member.id)?.role).toBe("OPERATOR_READONLY");
    expect(await eventsAbout("MEMBERSHIP_UPDATED", `acme-bank/${member.id}`)).toMatchObject([{ changes: { role: { before: "OPERATOR_FULL", after: "OPERATOR_READONLY" } } }]);
  });

  it("changes the expiry, and clears it when left empty", async () => {
    const until = localInput(h.clock.now().getTime() + 30 * DAY);
    const res = await h.call("POST", `/console/tenants/acme-bank/members/${member.id}/expiry`, { cookie: ownerCookie, form: { _csrf: ownerCsrf, role: "OPERATOR_READONLY", expiresAt: until } });
    expect(res.status).toBe(303);
    expect((await membersOf("acme-bank")).find((m) => m.user.id === member.id)).toMatchObject({ role: "OPERATOR_READONLY", expiresAt: `${until}:00.000Z` });
    expect(await eventsAbout("MEMBERSHIP_UPDATED", `acme-bank/${member.id}`)).toContainEqual(
      expect.objectContaining({ changes: { expiresAt: { before: null, after: `${until}:00.000Z` } } }),
    );
    const page = await h.call("GET", `/console/tenants/acme-bank?dialog=change-expiry&member=${member.id}`, { cookie: ownerCookie });
    expect(page.body).toContain(`value="${until}"`);

    await h.call("POST", `/console/tenants/acme-bank/members/${member.id}/expiry`, { cookie: ownerCookie, form: { _csrf: ownerCsrf, role: "OPERATOR_READONLY", expiresAt: "" } });
    expect((await membersOf("acme-bank")).find((m) => m.user.id === member.id)?.expiresAt).toBeNull();
  });

  it("refuses an expiry in the past with the API's words", async () => {
    const res = await h.call("POST", `/console/tenants/acme-bank/members/${member.id}/expiry`, {
      cookie: ownerCookie,
      form: { _csrf: ownerCsrf, role: "OPERATOR_READONLY", expiresAt: localInput(h.clock.now().getTime() - DAY) },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/<dialog id="change-expiry"[^>]* open/);
    expect(res.body).toContain("Must be in the future.");
  });

  it("revokes access after a dialog that names the email, and records MEMBERSHIP_REVOKED", async () => {
    const dialog = await h.call("GET", `/console/tenants/acme-bank?dialog=revoke&member=${member.id}`, { cookie: ownerCookie });
    expect(dialog.body).toContain(`Revoke <strong>${member.email}</strong>`);
    expect(dialog.body).toMatch(/<button type="submit" class="danger">Revoke access<\/button>/);
    const res = await h.call("POST", `/console/tenants/acme-bank/members/${member.id}/revoke`, { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: member.email } });
    expect(res.status).toBe(303);
    expect((await membersOf("acme-bank")).some((m) => m.user.id === member.id)).toBe(false);
    expect(await eventsAbout("MEMBERSHIP_REVOKED", `acme-bank/${member.id}`)).toMatchObject([{ target: { email: member.email }, tenant: "acme-bank" }]);
    // Revoked meanwhile (in another tab): the page says so instead of a blank error.
    const again = await h.call("POST", `/console/tenants/acme-bank/members/${member.id}/revoke`, { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: member.email } });
    expect(again.status).toBe(404);
    expect(again.body).toContain("This user has no membership in this tenant.");
  });
});

describe("inviting a client user", () => {
  it("makes the person and the membership, shows the setup link with Copy once, and mails it", async () => {
    const res = await h.call("POST", "/console/tenants/acme-bank/invitations", { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: "cfo@invited.acme.example", role: "CLIENT_VIEWER" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatch(/<dialog id="invite-client"[^>]* open/);
    const link = /id="setup-link" type="text" value="([^"]+)"/.exec(res.body)?.[1];
    expect(link).toContain("/setup#token=");
    expect(res.body).toContain('data-copy="setup-link"');
    expect(res.body).toContain("Invitation sent to <strong>cfo@invited.acme.example</strong>");
    expect(await h.mailsTo("cfo@invited.acme.example")).toHaveLength(1);
    const cfo = (await membersOf("acme-bank")).find((m) => m.user.email === "cfo@invited.acme.example");
    expect(cfo?.role).toBe("CLIENT_VIEWER");
    expect(await eventsAbout("USER_INVITED", cfo!.user.id)).toMatchObject([{ target: { email: "cfo@invited.acme.example" }, tenant: "acme-bank" }]);
    expect(await eventsAbout("MEMBERSHIP_GRANTED", `acme-bank/${cfo!.user.id}`)).toHaveLength(1);
    expect((await h.call("GET", "/console/tenants/acme-bank", { cookie: ownerCookie })).body).not.toContain(link);
  });

  it("refuses a staff email with the API's message, keeping it typed", async () => {
    const res = await h.call("POST", "/console/tenants/acme-bank/invitations", { cookie: ownerCookie, form: { _csrf: ownerCsrf, email: operator.email, role: "CLIENT_ADMIN" } });
    expect(res.status).toBe(409);
    expect(res.body).toContain("This email cannot be invited into this tenant.");
    expect(res.body).toContain(`value="${operator.email}"`);
  });
});

describe("paging", () => {
  it("pages the tenants by cursor, Next and Previous", async () => {
    for (let i = 0; i < 26; i++) await h.createTenant(owner.accessToken, `paged-${String(i).padStart(2, "0")}`, `Paged ${i}`);
    const first = await h.call("GET", "/console/tenants", { cookie: ownerCookie });
    const next = /<a class="button secondary" href="([^"]+)">Next<\/a>/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toMatch(/^\/console\/tenants\?cursor=/);
    const second = await h.call("GET", next!, { cookie: ownerCookie });
    expect(second.status).toBe(200);
    expect(second.body).toContain(">Previous</a>");
    const names = (html: string) => [...html.matchAll(/<a href="\/console\/tenants\/([a-z0-9-]+)">/g)].map((m) => m[1]);
    const all = [...names(first.body), ...names(second.body)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain("paged-25");
  });
});

describe("the expires soon mark", () => {
  it("shows only within the expiry warning window", async () => {
    const temp = await h.activeUser(owner.accessToken, "temp@tenants.example", "CONTRACTOR");
    const warningDays = h.deps.settings.expiryWarningDays;
    await h.grant(owner.accessToken, "acme-bank", temp.id, "OPERATOR_READONLY", new Date(h.clock.now().getTime() + (warningDays + 2) * DAY).toISOString());
    const row = (html: string) => html.split("<tr>").find((r) => r.includes(temp.email)) ?? "";
    expect(row((await h.call("GET", "/console/tenants/acme-bank", { cookie: ownerCookie })).body)).not.toContain("Expires soon");

    h.clock.advance(3 * DAY);
    const fresh = await h.signIn(owner.email, owner.secret);
    const cookie = await h.consoleCookie(owner.email, owner.secret);
    expect(row((await h.call("GET", "/console/tenants/acme-bank", { cookie })).body)).toContain('<span class="badge badge-warning">Expires soon</span>');
    expect(fresh.accessToken).toBeTruthy();
  });
});
