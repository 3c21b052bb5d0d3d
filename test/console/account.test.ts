import { PersonalToken } from "@roster/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, csrfIn, GOOD_PASSWORD, type Harness } from "../harness";

/** `/console/account`: a person's own password and personal access tokens, by form. */
let h: Harness;
let ownerToken: string;

beforeAll(async () => {
  h = await createHarness();
  ownerToken = (await h.owner("owner@account.example")).accessToken;
});

const csrfOf = (html: string) => csrfIn(html) ?? "";
const flashOf = (res: { headers: Headers }) => /__Host-roster_flash=([^;]*)/.exec(res.headers.get("set-cookie") ?? "")?.[1];

/** A person with a console session, and the CSRF token its pages carry. */
async function signedIn(email: string, role = "OPERATOR") {
  const person = await h.member(ownerToken, email, role);
  const cookie = await h.consoleCookie(person.email, person.secret);
  const page = await h.call("GET", "/console/account", { cookie });
  return { ...person, cookie, csrf: csrfOf(page.body), page };
}

describe("the account page", () => {
  it("costs two round trips: the session, and the person's tokens", async () => {
    const { page } = await signedIn("reader@account.example");
    expect(page.status).toBe(200);
    expect(page.calls).toBe(2);
    expect(page.body).toContain("<h1>Account</h1>");
    expect(page.body).toContain("No tokens yet");
  });

  it("is everyone's, a client user's too", async () => {
    await h.createTenant(ownerToken, "acct");
    const client = await h.clientUser(ownerToken, "acct", "client@account.example");
    const cookie = await h.consoleCookie(client.email, client.secret);
    const page = await h.call("GET", "/console/account", { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain("client@account.example");
  });
});

describe("personal access tokens", () => {
  it("are created and shown once with Copy, listed without the secret, and revoked", async () => {
    const me = await signedIn("tokens@account.example");
    const created = await h.call("POST", "/console/account/tokens", { cookie: me.cookie, form: { _csrf: me.csrf, name: "deploy script", expiresInDays: "30" } });
    expect(created.status).toBe(201);
    const token = /id="new-token" type="text" value="([^"]+)"/.exec(created.body)?.[1];
    expect(token).toMatch(/^rpat\./);
    expect(created.body).toContain("data-copy=\"new-token\"");
    // The token works as the person, and the page never shows it again.
    expect((await h.call("GET", "/v1/me", { token })).body.email).toBe(me.email);
    const later = await h.call("GET", "/console/account", { cookie: me.cookie });
    expect(later.body).toContain("deploy script");
    expect(later.body).not.toContain(token);

    const [listed] = (await PersonalToken.list(h.deps, await h.principalOf(me.accessToken), { limit: 10 })).items;
    const revoked = await h.call("POST", `/console/account/tokens/${listed!.id}/revoke`, { cookie: me.cookie, form: { _csrf: me.csrf } });
    expect(revoked.status).toBe(303);
    expect(decodeURIComponent(flashOf(revoked) ?? "")).toContain("Token revoked");
    expect((await h.call("GET", "/v1/me", { token })).status).toBe(401);
    expect((await h.auditEvents()).filter((e) => e.target.id === listed!.id).map((e) => e.type).sort()).toEqual(["PAT_CREATED", "PAT_REVOKED"]);
  });

  it("refuses a bad form beside its fields, keeping what was typed", async () => {
    const me = await signedIn("typo@account.example");
    const res = await h.call("POST", "/console/account/tokens", { cookie: me.cookie, form: { _csrf: me.csrf, name: "nightly export", expiresInDays: "400" } });
    expect(res.status).toBe(400);
    expect(res.body).toContain('value="nightly export"');
    expect(res.body).toMatch(/id="field-expiresInDays-error"/);
  });

  it("are not made without the session's CSRF token", async () => {
    const me = await signedIn("forged@account.example");
    const forms: Record<string, string>[] = [{ name: "x", expiresInDays: "1" }, { _csrf: "forged", name: "x", expiresInDays: "1" }];
    for (const form of forms) {
      const res = await h.call("POST", "/console/account/tokens", { cookie: me.cookie, form });
      expect(res.status).toBe(403);
    }
    expect((await PersonalToken.list(h.deps, await h.principalOf(me.accessToken), { limit: 10 })).items).toEqual([]);
  });
});

describe("changing the password", () => {
  it("says a wrong current password beside that field, and changes nothing", async () => {
    const me = await signedIn("wrong@account.example");
    const res = await h.call("POST", "/console/account/password", { cookie: me.cookie, form: { _csrf: me.csrf, currentPassword: "not my password at all", newPassword: "a brand new passphrase 42" } });
    expect(res.status).toBe(403);
    expect(res.body).toMatch(/id="field-currentPassword-error"[^>]*>[^<]+</);
    expect((await h.call("POST", "/v1/auth/login", { body: { email: me.email, password: GOOD_PASSWORD, totpCode: h.nextCode(me.secret) } })).status).toBe(200);
  });

  it("refuses a weak new password with the policy's reason", async () => {
    const me = await signedIn("weak@account.example");
    const res = await h.call("POST", "/console/account/password", { cookie: me.cookie, form: { _csrf: me.csrf, currentPassword: GOOD_PASSWORD, newPassword: "password123" } });
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/id="field-newPassword-error"/);
  });

  it("ends every other session and token, and keeps this one signed in", async () => {
    const me = await signedIn("changer@account.example");
    const otherConsole = await h.consoleCookie(me.email, me.secret);
    const res = await h.call("POST", "/console/account/password", { cookie: me.cookie, form: { _csrf: me.csrf, currentPassword: GOOD_PASSWORD, newPassword: "a brand new passphrase 42" } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/console/account");
    expect((await h.call("GET", "/console/account", { cookie: me.cookie })).status).toBe(200);
    expect((await h.call("GET", "/console/account", { cookie: otherConsole })).headers.get("location")).toMatch(/^\/console\/sign-in/);
    expect((await h.call("GET", "/v1/me", { token: me.accessToken })).status).toBe(401);
    expect((await h.auditEvents()).some((e) => e.type === "PASSWORD_CHANGED" && e.target.id === me.id)).toBe(true);
  });
});
