import { Sso } from "@roster/core";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { startOidcProvider, type OidcProvider } from "../fixtures/oidc-provider";
import { FIXTURE_CONTEXT } from "../fixtures/people";
import { GOOD_PASSWORD, type Harness } from "../harness";
import { consoleBrowser, expectAccessible } from "./console-page";
import { watchedPage } from "./served-app";

/**
 * Single sign-on in Chromium, the whole redirect flow: Roster's sign-in page, a real OpenID
 * Provider's login and consent pages (panva's oidc-provider, its development interactions), and
 * back to the console signed in, with the role and tenants the person's groups give.
 */

let h: Harness;
let op: OidcProvider;
const { served, newContext, open } = consoleBrowser(
  async (app) => {
    h = app.h;
    op = await startOidcProvider({ redirectUri: `${app.baseUrl}${Sso.CALLBACK_PATH}` });
    await h.createTenant(app.ownerToken, "acme-bank");
    const input = Sso.PutSsoInput.parse({ ...ssoInput(), enforced: false });
    await Sso.configure(h.deps, await h.principalOf(app.ownerToken), input, FIXTURE_CONTEXT);
  },
  { env: { ROSTER_ALLOW_LOOPBACK_FETCH: "on" } },
);
afterAll(() => op?.stop());

const ssoInput = () => ({
  issuer: op.issuer,
  clientId: op.clientId,
  clientSecret: op.clientSecret,
  roles: [{ group: "ops", role: "OPERATOR" }],
  memberships: [{ group: "ops", tenant: "acme-bank", role: "OPERATOR_FULL" }],
});

/** A page with no session; what the provider's own pages log is the provider's, not Roster's. */
async function signedOut(path: string) {
  const watched = await watchedPage(await newContext(), served().baseUrl, (text, url) => !url.startsWith(served().baseUrl) || /status of 4\d\d/.test(text));
  await watched.page.goto(`${served().baseUrl}${path}`);
  return watched;
}

describe("the team page while single sign-on is enforced", () => {
  /** What the row's menu offers, opened as a person would. */
  async function menuOf(page: Page, email: string) {
    await page.getByRole("button", { name: `Actions for ${email}` }).click();
    const menu = page.getByRole("menu").filter({ visible: true });
    await menu.waitFor();
    const items = await menu.getByRole("menuitem").allTextContents();
    await page.keyboard.press("Escape");
    return items.map((item) => item.trim());
  }

  it("offers no invitation and no role change of the people the provider manages; local people keep theirs; all is back once it is off", async () => {
    const managed = await h.activeUser(served().ownerToken, "managed@sso-browser.example", "OPERATOR");
    await h.setProfile(managed.id, "source", "scim");
    const local = await h.activeUser(served().ownerToken, "plain@sso-browser.example", "OPERATOR");
    // Signed in before enforcement, which then refuses a SUPER_ADMIN's password (the owner's alone stays).
    const cookie = await adminCookie();
    const enforce = (enforced: boolean) => configureSso(enforced);

    await enforce(true);
    const { page } = await open(cookie, "/console/team");
    await page.getByRole("heading", { name: "Team" }).waitFor();
    expect(await page.getByRole("button", { name: "Invite", exact: true }).count()).toBe(0);
    expect(await page.getByText("Invitations are off while single sign-on is enforced").count()).toBe(1);
    const managedMenu = await menuOf(page, managed.email);
    expect(managedMenu).not.toContain("Change role");
    // What enforcement does not refuse stays on the managed row.
    expect(managedMenu).toEqual(expect.arrayContaining(["Reset authenticator", "Deactivate", "Remove"]));
    expect(await menuOf(page, local.email)).toContain("Change role");
    // The dialog's address, typed by hand, opens nothing for the managed person.
    await page.goto(`${served().baseUrl}/console/team?dialog=role-${managed.id}`);
    expect(await page.getByRole("dialog", { name: /Change role/ }).count()).toBe(0);
    await expectAccessible(page);

    await enforce(false);
    await page.goto(`${served().baseUrl}/console/team`);
    expect(await page.getByRole("button", { name: "Invite", exact: true }).count()).toBe(1);
    expect(await page.getByText("Invitations are off while single sign-on is enforced").count()).toBe(0);
    expect(await menuOf(page, managed.email)).toContain("Change role");
  });
});

describe("single sign-on in the console", () => {
  it("signs a person in through the provider, made from its claims, and back to where they were going", async () => {
    op.setAccount("ada", { email: "ada@sso-browser.example", email_verified: true, groups: ["ops"] });
    const { page, problems } = await signedOut("/console/tenants");
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    // The provider's development login: any password, the login is the account's `sub`.
    await page.getByPlaceholder("Enter any login").fill("ada");
    await page.getByPlaceholder("and password").fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();

    await page.waitForURL(`${served().baseUrl}/console/tenants`);
    await page.getByRole("heading", { name: "Tenants" }).waitFor();
    expect(await page.getByRole("link", { name: "acme-bank" }).count()).toBeGreaterThan(0);
    // The provider's development pages ask Google for a web font, which a closed network refuses: the provider's matter.
    expect(problems.filter((problem) => !problem.includes("https://fonts.googleapis.com/"))).toEqual([]);

    // The admin's team list marks the person as the provider's.
    const admin = await open(await adminCookie(), "/console/team");
    const row = admin.page.getByRole("row").filter({ hasText: "ada@sso-browser.example" });
    expect(await row.getByText("managed by your identity provider").count()).toBe(1);
    await expectAccessible(admin.page);
  });

  it("says the provider is down when it is, and password sign-in still works", async () => {
    const person = await h.member(served().ownerToken, "local@sso-browser.example", "VIEWER");
    await op.stop();
    const { page } = await signedOut("/console/sign-in");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("Your identity provider did not answer.");
    await expectAccessible(page);

    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(GOOD_PASSWORD);
    await page.getByLabel("Authenticator code").fill(h.nextCode(person.secret));
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Team" }).waitFor();
  });
});

/** A SUPER_ADMIN's console session (not the owner's: the served app keeps only the owner's token). */
let admin: { email: string; secret: string } | undefined;
async function adminCookie() {
  admin ??= await h.member(served().ownerToken, "admin@sso-browser.example", "SUPER_ADMIN");
  return h.consoleCookie(admin.email, admin.secret);
}

/** The configuration of `beforeAll`, enforced or not, saved by the owner through the verb. */
async function configureSso(enforced: boolean) {
  const input = Sso.PutSsoInput.parse({ ...ssoInput(), enforced });
  await Sso.configure(h.deps, await h.principalOf(served().ownerToken), input, FIXTURE_CONTEXT);
}
