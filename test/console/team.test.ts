import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { User } from "@roster/core";
import { Keys } from "@roster/core/store/keys";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, csrfIn, type Harness } from "../harness";
import { AUDIT_SHARDS } from "@roster/core/store/keys";

/**
 * The console's team pages over HTTP: `/console/team` and `/console/users/<id>`, what each shows
 * and costs, every action's effect and audit event, and every refusal shown in the page.
 */
let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;
let ownerCookie: string;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner("owner@team.example");
  ownerCookie = await h.consoleCookie(owner.email, owner.secret);
});

let n = 0;
const email = (prefix: string) => `${prefix}${++n}@team.example`;

const csrfOf = (cookie: string) => h.csrfFor(cookie);

/** Posts a console form with the session's CSRF token, as the page's own form would. */
async function post(cookie: string, path: string, form: Record<string, string> = {}) {
  return h.call("POST", path, { cookie, form: { _csrf: await csrfOf(cookie), ...form } });
}

const asOwner = async () => h.principalOf(owner.accessToken);
const read = async (id: string) => User.get(h.deps, await asOwner(), id);
const eventsOf = async (type: string, targetId: string) => (await h.auditEvents()).filter((e) => e.type === type && e.target.id === targetId);
const flashAfter = async (res: { headers: Headers }, cookie: string) => {
  const flash = /__Host-roster_flash=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1];
  expect(flash, "a notice for the next page").toBeDefined();
  const page = await h.call("GET", res.headers.get("location")!, { headers: { Cookie: `__Host-roster_session=${cookie}; __Host-roster_flash=${flash}` } });
  return page.body as string;
};

async function activeAdmin(prefix = "admin") {
  const person = await h.member(owner.accessToken, email(prefix), "SUPER_ADMIN");
  return { ...person, cookie: await h.consoleCookie(person.email, person.secret) };
}

describe("/console/team", () => {
  it("lists the team in two round trips: the cookie and the team's one Query", async () => {
    const invitee = await h.invited(owner.accessToken, email("listed"), "CONTRACTOR");
    const active = await h.activeUser(owner.accessToken, email("listed"), "OPERATOR");
    const res = await h.call("GET", "/console/team", { cookie: ownerCookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(2);
    expect(res.body).toContain("<h1>Team</h1>");
    for (const column of ["Email", "Name", "Role", "Status", "Last sign-in"]) expect(res.body).toContain(`<th scope="col">${column}</th>`);
    expect(res.body).toContain(`<a href="/console/users/${invitee.id}">${invitee.email}</a>`);
    expect(res.body).toContain(`aria-label="Actions for ${active.email}"`);
    // Nothing applies to one's own account.
    expect(res.body).not.toContain(`aria-label="Actions for ${owner.email}"`);
    expect(res.body).toContain(">Invite</a>");
    // Only the invite dialog is on the page, closed.
    expect(res.body.match(/<dialog /g)).toHaveLength(1);
  });

  it("searches by the start of an email or name, filters by status and role, still in two round trips", async () => {
    const zed = await h.activeUser(owner.accessToken, email("zed"), "VIEWER");
    const other = await h.invited(owner.accessToken, email("other"), "VIEWER");
    const byEmail = await h.call("GET", `/console/team?q=${encodeURIComponent(zed.email.slice(0, 4).toUpperCase())}`, { cookie: ownerCookie });
    expect(byEmail.calls).toBe(2);
    expect(byEmail.body).toContain(zed.email);
    expect(byEmail.body).not.toContain(other.email);
    expect(byEmail.body).toContain(`value="${zed.email.slice(0, 4).toUpperCase()}"`);
    const invitedViewers = await h.call("GET", "/console/team?status=INVITED&role=VIEWER", { cookie: ownerCookie });
    expect(invitedViewers.calls).toBe(2);
    expect(invitedViewers.body).toContain(other.email);
    expect(invitedViewers.body).not.toContain(zed.email);
    expect(invitedViewers.body).toMatch(/<option value="INVITED" selected="">Invited<\/option>/);
    const none = await h.call("GET", "/console/team?q=nobody-by-this-name", { cookie: ownerCookie });
    expect(none.body).toContain("No one matches these filters");
  });

  it("pages by cursor with Next and Previous", async () => {
    for (let i = 0; i < 26; i++) await h.invited(owner.accessToken, `pager${String(i).padStart(2, "0")}@team.example`);
    const first = await h.call("GET", "/console/team?q=pager", { cookie: ownerCookie });
    expect(first.body.match(/aria-label="Actions for pager/g)).toHaveLength(25);
    const next = /<a class="button secondary" href="([^"]+)">Next<\/a>/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    expect(first.body).not.toContain(">Previous</a>");
    const second = await h.call("GET", next!, { cookie: ownerCookie });
    expect(second.calls).toBe(2);
    expect(second.body.match(/aria-label="Actions for pager/g)).toHaveLength(1);
    expect(second.body).not.toContain(">Next</a>");
    const previous = /<a class="button secondary" href="([^"]+)">Previous<\/a>/.exec(second.body)?.[1]?.replaceAll("&amp;", "&");
    const back = await h.call("GET", previous!, { cookie: ownerCookie });
    expect(back.body.match(/aria-label="Actions for pager/g)).toHaveLength(25);
    // A cursor that is not this list's gives the first page, and says so.
    const foreign = await h.call("GET", "/console/team?q=zzz&cursor=bm90LWEtY3Vyc29y", { cookie: ownerCookie });
    expect(foreign.status).toBe(200);
    expect(foreign.body).toContain("That page link no longer works");
  });

  it("offers in each person's menu only what applies to them now", async () => {
    const invitee = await h.invited(owner.accessToken, email("menu-invited"));
    const active = await h.activeUser(owner.accessToken, email("menu-active"));
    const admin = await h.activeUser(owner.accessToken, email("menu-admin"), "SUPER_ADMIN");
    const gone = await h.activeUser(owner.accessToken, email("menu-gone"));
    await User.deactivate(h.deps, await asOwner(), gone.id, { requestId: "t", clientRequestId: null, ip: null, userAgent: null });
    const itemsOf = async ({ id, email }: { id: string; email: string }) => {
      const page = await h.call("GET", `/console/team?q=${encodeURIComponent(email)}&menu=${id}`, { cookie: ownerCookie });
      const menu = new RegExp(`<ul id="menu-${id}-menu" role="menu"[^>]*>(.*?)</ul>`).exec(page.body)?.[1] ?? "";
      expect(page.body).toContain(`id="menu-${id}-button"`);
      return [...menu.matchAll(/role="menuitem"[^>]*>([^<]+)</g)].map((m) => m[1]);
    };
    expect(await itemsOf(invitee)).toEqual(["Resend setup link", "Change role", "Remove"]);
    expect(await itemsOf(active)).toEqual(["Change role", "Reset authenticator", "Deactivate", "Remove"]);
    expect(await itemsOf(admin)).toEqual(["Change role", "Reset authenticator", "Deactivate", "Remove", "Make owner"]);
    expect(await itemsOf(gone)).toEqual(["Change role", "Reactivate", "Remove"]);
    // Another admin sees the owner protected, and no Make owner for anyone.
    const other = await activeAdmin();
    const page = await h.call("GET", `/console/team?q=${owner.email}&menu=${owner.id}`, { cookie: other.cookie });
    const ownerMenu = new RegExp(`<ul id="menu-${owner.id}-menu"[^>]*>(.*?)</ul>`).exec(page.body)?.[1] ?? "";
    expect([...ownerMenu.matchAll(/role="menuitem"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(["Reset authenticator"]);
    expect(page.body).not.toContain("Make owner");
  });

  it("renders the one dialog its address names, naming the person, with a button named as the action", async () => {
    const person = await h.activeUser(owner.accessToken, email("dialog"));
    const res = await h.call("GET", `/console/team?q=${person.email}&dialog=deactivate-${person.id}`, { cookie: ownerCookie });
    expect(res.body.match(/<dialog /g)).toHaveLength(2);
    expect(res.body).toContain(`<h2 id="deactivate-${person.id}-title">Deactivate ${person.email}?</h2>`);
    expect(res.body).toMatch(/<button type="submit" class="danger">Deactivate<\/button>/);
    expect(res.calls).toBe(2);
    // An action that does not apply to them opens nothing.
    const none = await h.call("GET", `/console/team?q=${person.email}&dialog=reactivate-${person.id}`, { cookie: ownerCookie });
    expect(none.body.match(/<dialog /g)).toHaveLength(1);
  });
});

describe("inviting from the console", () => {
  it("invites, shows the setup link once with Copy, says the mail went out, and records USER_INVITED", async () => {
    const address = email("invitee");
    const res = await post(ownerCookie, "/console/team/invite", { email: address, role: "CONTRACTOR", back: "/console/team" });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const setupUrl = /<input id="setup-link" type="text" value="([^"]+)" readonly=""/.exec(res.body)?.[1];
    expect(setupUrl).toMatch(/\/setup#token=/);
    expect(res.body).toContain('<label for="setup-link">Setup link</label>');
    expect(res.body).toContain(`The setup link was emailed to <strong>${address}</strong>`);
    expect(res.body).toMatch(/<dialog id="invite"[^>]* open=""/);
    const mails = await h.mailsTo(address);
    expect(mails).toHaveLength(1);
    const invited = (await User.list(h.deps, await asOwner(), { limit: 5, q: address })).items[0]!;
    expect(invited).toMatchObject({ email: address, role: "CONTRACTOR", status: "INVITED" });
    expect(await eventsOf("USER_INVITED", invited.id)).toHaveLength(1);
  });

  it("says when the mail could not be sent, and still gives the link", async () => {
    const failing = await createHarness({ mailer: { send: async () => Promise.reject(new Error("SES is down")) } });
    const boss = await failing.owner("boss@team.example");
    const cookie = await failing.consoleCookie(boss.email, boss.secret);
    const page = await failing.call("GET", "/console/team", { cookie });
    const csrf = csrfIn(page.body)!;
    const res = await failing.call("POST", "/console/team/invite", { cookie, form: { _csrf: csrf, email: "unmailed@team.example", role: "OPERATOR" } });
    expect(res.status).toBe(201);
    expect(res.body).toContain("could not be sent");
    expect(res.body).toMatch(/id="setup-link" type="text" value="[^"]+\/setup#token=/);
  });

  it("re-opens the dialog with what was typed and the reason when refused", async () => {
    const taken = await h.invited(owner.accessToken, email("taken"));
    const dup = await post(ownerCookie, "/console/team/invite", { email: taken.email, role: "VIEWER" });
    expect(dup.status).toBe(409);
    expect(dup.body).toContain(`${taken.email} already belongs to a member of this workspace.`);
    expect(dup.body).toMatch(/<dialog id="invite"[^>]* open=""/);
    expect(dup.body).toContain(`value="${taken.email}"`);
    expect(dup.body).toMatch(/<option value="VIEWER" selected="">Viewer<\/option>/);
    const bad = await post(ownerCookie, "/console/team/invite", { email: "not an email", role: "OPERATOR" });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("Enter a valid email address.");
    expect(bad.body).toContain('value="not an email"');
  });
});

describe("each action, through the console", () => {
  it("Resend setup link: a new link with Copy, the old one dead, SETUP_LINK_REGENERATED", async () => {
    const invitee = await h.invited(owner.accessToken, email("resend"));
    const res = await post(ownerCookie, `/console/users/${invitee.id}/setup-link`, { back: "/console/team" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const setupUrl = /id="setup-link" type="text" value="([^"]+)"/.exec(res.body)?.[1];
    expect(setupUrl).toMatch(/#token=/);
    expect(setupUrl).not.toBe(invitee.setupUrl);
    expect(res.body).toContain(`Resend the setup link to ${invitee.email}`);
    const old = await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(invitee.setupUrl) } });
    expect(old.status).toBe(404);
    expect((await h.call("POST", "/v1/setup/lookup", { body: { token: h.tokenOf(setupUrl!) } })).status).toBe(200);
    expect(await eventsOf("SETUP_LINK_REGENERATED", invitee.id)).toHaveLength(1);
  });

  it("Resend setup link for someone the page no longer lists: the new link is still shown", async () => {
    const invitee = await h.invited(owner.accessToken, email("pushed"));
    // A page of newer invitations pushes them off the first page of the team.
    for (let i = 0; i < 26; i++) {
      h.clock.advance(1000);
      await h.invited(owner.accessToken, email("newer"));
    }
    const res = await post(ownerCookie, `/console/users/${invitee.id}/setup-link`, { back: "/console/team" });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`Resend the setup link to ${invitee.email}`);
    expect(/id="setup-link" type="text" value="([^"]+)"/.exec(res.body)?.[1]).toMatch(/#token=/);
  });

  it("Change role: the new role, USER_ROLE_CHANGED, and a notice on the page it came from", async () => {
    const person = await h.activeUser(owner.accessToken, email("role"), "OPERATOR");
    const res = await post(ownerCookie, `/console/users/${person.id}/role`, { role: "VIEWER", back: "/console/team?role=OPERATOR" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/team?role=OPERATOR");
    expect((await read(person.id)).role).toBe("VIEWER");
    expect((await eventsOf("USER_ROLE_CHANGED", person.id))[0].changes).toEqual({ role: { before: "OPERATOR", after: "VIEWER" } });
    expect(await flashAfter(res, ownerCookie)).toContain(`${person.email} is now Viewer.`);
  });

  it("Reset authenticator: enrolment forgotten, their console session ended, MFA_RESET", async () => {
    const person = await h.activeUser(owner.accessToken, email("mfa"), "VIEWER");
    const theirs = await h.consoleCookie(person.email, person.secret);
    const res = await post(ownerCookie, `/console/users/${person.id}/mfa-reset`, { back: `/console/users/${person.id}` });
    expect(res.headers.get("location")).toBe(`/console/users/${person.id}`);
    expect((await read(person.id)).mfaEnrolled).toBe(false);
    expect(await eventsOf("MFA_RESET", person.id)).toHaveLength(1);
    expect((await h.call("GET", "/console/team", { cookie: theirs })).headers.get("location")).toMatch(/^\/console\/sign-in/);
  });

  it("Deactivate: DEACTIVATED, USER_DEACTIVATED, and their next page load signs them out", async () => {
    const person = await h.activeUser(owner.accessToken, email("leaver"), "VIEWER");
    const theirs = await h.consoleCookie(person.email, person.secret);
    expect((await h.call("GET", "/console/team", { cookie: theirs })).status).toBe(200);
    const res = await post(ownerCookie, `/console/users/${person.id}/deactivate`, { back: "/console/team" });
    expect(res.status).toBe(303);
    expect((await read(person.id)).status).toBe("DEACTIVATED");
    expect(await eventsOf("USER_DEACTIVATED", person.id)).toHaveLength(1);
    const next = await h.call("GET", "/console/team", { cookie: theirs });
    expect(next.status).toBe(303);
    expect(next.headers.get("location")).toBe(`/console/sign-in?next=${encodeURIComponent("/console/team")}`);
  });

  it("Reactivate: ACTIVE again, USER_REACTIVATED", async () => {
    const person = await h.activeUser(owner.accessToken, email("back"));
    await post(ownerCookie, `/console/users/${person.id}/deactivate`, { back: "/console/team" });
    const res = await post(ownerCookie, `/console/users/${person.id}/reactivate`, { back: "/console/team" });
    expect(res.status).toBe(303);
    expect((await read(person.id)).status).toBe("ACTIVE");
    expect(await eventsOf("USER_REACTIVATED", person.id)).toHaveLength(1);
  });

  it("Remove: gone, USER_REMOVED, and from their own page back to the team", async () => {
    const person = await h.activeUser(owner.accessToken, email("removed"));
    const res = await post(ownerCookie, `/console/users/${person.id}/remove`, { back: `/console/users/${person.id}`, email: person.email });
    expect(res.headers.get("location")).toBe("/console/team");
    await expect(read(person.id)).rejects.toMatchObject({ code: "user.not_found" });
    expect(await eventsOf("USER_REMOVED", person.id)).toHaveLength(1);
    expect(await flashAfter(res, ownerCookie)).toContain(`${person.email} was removed from the team.`);
  });

  it("Make owner: the owner hands ownership on (OWNERSHIP_TRANSFERRED), and the new owner can hand it back", async () => {
    const next = await activeAdmin("heir");
    const res = await post(ownerCookie, `/console/users/${next.id}/ownership`, { back: "/console/team" });
    expect(res.status).toBe(303);
    expect((await read(next.id)).isOwner).toBe(true);
    expect((await read(owner.id)).isOwner).toBe(false);
    expect(await eventsOf("OWNERSHIP_TRANSFERRED", next.id)).toHaveLength(1);
    const page = await h.call("GET", `/console/team?q=${owner.email}&menu=${owner.id}`, { cookie: next.cookie });
    expect(new RegExp(`<ul id="menu-${owner.id}-menu"[^>]*>.*Make owner.*?</ul>`).test(page.body)).toBe(true);
    expect((await post(next.cookie, `/console/users/${owner.id}/ownership`, { back: "/console/team" })).status).toBe(303);
    expect((await read(owner.id)).isOwner).toBe(true);
  });
});

describe("refusals, in the page", () => {
  it("yourself: the dialog comes back with the API's message", async () => {
    const res = await post(ownerCookie, `/console/users/${owner.id}/deactivate`, { back: `/console/team?q=${owner.email}` });
    expect(res.status).toBe(409);
    expect(res.body).toContain("You cannot do this to your own account: ask another admin.");
    expect(res.body).toMatch(new RegExp(`<dialog id="deactivate-${owner.id}"[^>]* open=""`));
    expect((await read(owner.id)).status).toBe("ACTIVE");
  });

  it("the owner: protected from another admin", async () => {
    const other = await activeAdmin();
    const res = await post(other.cookie, `/console/users/${owner.id}/remove`, { back: `/console/users/${owner.id}` });
    expect(res.status).toBe(409);
    expect(res.body).toContain("The owner cannot be deactivated, removed or demoted: transfer ownership first.");
  });

  it("the last admin: the workspace keeps an active SUPER_ADMIN", async () => {
    const other = await activeAdmin();
    const setAdminCount = (count: number) =>
      h.deps.db.doc.send(new UpdateCommand({ TableName: h.table, Key: Keys.adminCount(), UpdateExpression: "SET activeSuperAdmins = :n", ExpressionAttributeValues: { ":n": count } }));
    const listed = await User.list(h.deps, await asOwner(), { limit: 100, status: "ACTIVE", role: "SUPER_ADMIN" });
    // As if the other admins had been deactivated a moment ago, the count says one remains.
    await setAdminCount(1);
    try {
      const res = await post(ownerCookie, `/console/users/${other.id}/deactivate`, { back: "/console/team" });
      expect(res.status).toBe(409);
      expect(res.body).toContain("This would leave the workspace without an active SUPER_ADMIN.");
      expect((await read(other.id)).status).toBe("ACTIVE");
    } finally {
      await setAdminCount(listed.items.length);
    }
  });

  it("a role the memberships do not fit: the API's message, the role chosen kept", async () => {
    const person = await h.activeUser(owner.accessToken, email("member"), "OPERATOR");
    await h.createTenant(owner.accessToken, `acme-${n}`, "Acme");
    await h.grant(owner.accessToken, `acme-${n}`, person.id, "OPERATOR_FULL");
    const res = await post(ownerCookie, `/console/users/${person.id}/role`, { role: "CLIENT_USER", back: `/console/users/${person.id}` });
    expect(res.status).toBe(409);
    expect(res.body).toContain("first revoke the memberships the new role cannot hold");
    expect(res.body).toMatch(/<option value="CLIENT_USER" selected="">Client user<\/option>/);
    expect((await read(person.id)).role).toBe("OPERATOR");
  });

  it("changed meanwhile: deactivated by someone else since the dialog opened", async () => {
    const person = await h.activeUser(owner.accessToken, email("raced"));
    const dialog = await h.call("GET", `/console/team?q=${person.email}&dialog=deactivate-${person.id}`, { cookie: ownerCookie });
    expect(dialog.body).toContain(`Deactivate ${person.email}?`);
    await User.deactivate(h.deps, await asOwner(), person.id, { requestId: "t", clientRequestId: null, ip: null, userAgent: null });
    const res = await post(ownerCookie, `/console/users/${person.id}/deactivate`, { back: `/console/team?q=${person.email}` });
    expect(res.status).toBe(409);
    expect(res.body).toContain("Only an ACTIVE user can be deactivated");
  });

  it("changed meanwhile: changed between the verb's read and its write", async () => {
    const person = await h.activeUser(owner.accessToken, email("changed"));
    const csrf = await csrfOf(ownerCookie);
    let bumped = false;
    // Another change lands on the profile just before the role change's transaction.
    h.deps.db.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (!bumped && /TransactWrite/.test(context.commandName ?? "")) {
          bumped = true;
          await h.deps.db.doc.send(
            new UpdateCommand({ TableName: h.table, Key: Keys.user(person.id), UpdateExpression: "SET version = version + :one", ExpressionAttributeValues: { ":one": 1 } }),
          );
        }
        return next(args);
      },
      { step: "initialize", name: "concurrentChange" },
    );
    try {
      const res = await h.call("POST", `/console/users/${person.id}/role`, { cookie: ownerCookie, form: { _csrf: csrf, role: "CONTRACTOR", back: "/console/team" } });
      expect(bumped).toBe(true);
      expect(res.status).toBe(409);
      expect(res.body).toContain("The user changed while this request was handled. Reload and try again.");
    } finally {
      h.deps.db.doc.middlewareStack.remove("concurrentChange");
    }
    expect((await read(person.id)).role).toBe("OPERATOR");
  });

  it("removed meanwhile: back to the team with a notice", async () => {
    const person = await h.activeUser(owner.accessToken, email("vanished"));
    await User.remove(h.deps, await asOwner(), person.id, { requestId: "t", clientRequestId: null, ip: null, userAgent: null });
    const res = await post(ownerCookie, `/console/users/${person.id}/deactivate`, { back: `/console/users/${person.id}` });
    expect(res.headers.get("location")).toBe("/console/team");
    expect(await flashAfter(res, ownerCookie)).toContain("That person is no longer on the team");
  });

  it("without the CSRF token: the 403 page, nothing changed", async () => {
    const person = await h.activeUser(owner.accessToken, email("csrf"));
    const forms: Record<string, string>[] = [{ back: "/console/team" }, { _csrf: "forged", back: "/console/team" }];
    for (const form of forms) {
      const res = await h.call("POST", `/console/users/${person.id}/deactivate`, { cookie: ownerCookie, form });
      expect(res.status).toBe(403);
    }
    expect((await h.call("POST", "/console/team/invite", { cookie: ownerCookie, form: { email: email("nocsrf"), role: "OPERATOR" } })).status).toBe(403);
    expect((await read(person.id)).status).toBe("ACTIVE");
  });
});

describe("who sees what", () => {
  it("a VIEWER reads the team with no action, and a forged form with their own CSRF token is refused with 403", async () => {
    const viewer = await h.activeUser(owner.accessToken, email("viewer"), "VIEWER");
    const cookie = await h.consoleCookie(viewer.email, viewer.secret);
    const target = await h.activeUser(owner.accessToken, email("target"));
    const page = await h.call("GET", `/console/team?q=${target.email}&dialog=deactivate-${target.id}&menu=${target.id}`, { cookie });
    expect(page.status).toBe(200);
    expect(page.calls).toBe(2);
    expect(page.body).toContain(target.email);
    expect(page.body).not.toContain("Actions for");
    expect(page.body).not.toContain(">Invite</a>");
    expect(page.body).not.toContain("<dialog");
    const person = await h.call("GET", `/console/users/${target.id}`, { cookie });
    expect(person.status).toBe(200);
    expect(person.body).not.toContain("Actions for");
    for (const [path, form] of [
      [`/console/users/${target.id}/deactivate`, { back: "/console/team" }],
      [`/console/users/${target.id}/role`, { role: "bogus" }],
      ["/console/team/invite", { email: email("forged"), role: "SUPER_ADMIN" }],
    ] as const) {
      const res = await post(cookie, path, form);
      expect(res.status, path).toBe(403);
      expect(res.body).toContain("have access to this page");
    }
    expect((await read(target.id)).status).toBe("ACTIVE");
  });

  it("an OPERATOR gets the 403 page on the team and on a person", async () => {
    const operator = await h.activeUser(owner.accessToken, email("operator"), "OPERATOR");
    const cookie = await h.consoleCookie(operator.email, operator.secret);
    const team = await h.call("GET", "/console/team", { cookie });
    expect(team.status).toBe(403);
    expect(team.calls).toBe(1);
    expect(team.body).toContain("have access to this page");
    expect((await h.call("GET", `/console/users/${owner.id}`, { cookie })).status).toBe(403);
  });

  it("signed out, the team page leads to sign-in and back", async () => {
    const res = await h.call("GET", "/console/team?status=ACTIVE");
    expect(res.headers.get("location")).toBe(`/console/sign-in?next=${encodeURIComponent("/console/team?status=ACTIVE")}`);
  });
});

describe("/console/users/<id>", () => {
  it("shows the profile, memberships and recent activity: the session, the profile, the memberships, then both trails' shards at once", async () => {
    const person = await h.activeUser(owner.accessToken, email("profiled"), "CONTRACTOR");
    const slug = `globex-${n}`;
    await h.createTenant(owner.accessToken, slug, "Globex");
    await h.grant(owner.accessToken, slug, person.id, "OPERATOR_READONLY", new Date(h.clock.now().getTime() + 7 * 86_400_000).toISOString());
    const res = await h.call("GET", `/console/users/${person.id}`, { cookie: ownerCookie });
    expect(res.status).toBe(200);
    expect(res.calls).toBe(3 + 2 * AUDIT_SHARDS);
    expect(res.body).toContain(person.email);
    expect(res.body).toContain("Contractor");
    expect(res.body).toContain('<span class="badge badge-success">Active</span>');
    expect(res.body).toContain(`<a href="/console/tenants/${slug}">Globex</a>`);
    expect(res.body).toContain("Operator (read-only)");
    // About them (invited, set up, granted) and by them (setup completed).
    expect(res.body).toContain("User invited");
    expect(res.body).toContain("User setup completed");
    expect(res.body).toContain(`aria-label="Actions for ${person.email}"`);
  });

  it("opens an action's dialog on the person's own page", async () => {
    const person = await h.activeUser(owner.accessToken, email("paged"));
    const res = await h.call("GET", `/console/users/${person.id}?dialog=mfa-reset-${person.id}`, { cookie: ownerCookie });
    expect(res.body).toContain(`Reset the authenticator of ${person.email}?`);
    expect(res.body).toContain(`<input type="hidden" name="back" value="/console/users/${person.id}"/>`);
  });

  it("answers the 404 page for an unknown id", async () => {
    for (const id of ["usr_doesnotexist", "not-an-id"]) {
      const res = await h.call("GET", `/console/users/${id}`, { cookie: ownerCookie });
      expect(res.status, id).toBe(404);
      expect(res.body).toContain("Page not found");
    }
  });
});
