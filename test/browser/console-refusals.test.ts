import { PersonalToken } from "@roster/core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { consoleBrowser, expectAccessible } from "./console-page";

/**
 * What the console refuses, in Chromium: a form from another site, a form without its CSRF
 * token, a client user on the staff console, and a person deactivated while signed in.
 */

let h: Harness;
const { served, open } = consoleBrowser((app) => {
  h = app.h;
});

async function signedInAs(email: string, role = "OPERATOR", path = "/console/account") {
  const person = await h.member(served().ownerToken, email, role);
  const watched = await open(await h.consoleCookie(person.email, person.secret), path);
  return { person, ...watched };
}

const tokensOf = async (accessToken: string) => (await PersonalToken.list(h.deps, await h.principalOf(accessToken), { limit: 10 })).items;

describe("the console refuses", () => {
  it("a form posted from another site's page, with a 403 page and nothing done", async () => {
    const { person, page } = await signedInAs("target@refusals.example");
    // A page of another origin with a form aimed at Roster, as a phishing site would serve it.
    await page.context().route("http://elsewhere.test/**", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<!doctype html><form method="post" action="${served().baseUrl}/console/account/tokens"><input name="name" value="stolen"><input name="expiresInDays" value="365"><button>Win a prize</button></form>`,
      }),
    );
    await page.goto("http://elsewhere.test/prize");
    await page.getByRole("button", { name: "Win a prize" }).click();
    await page.waitForURL(`${served().baseUrl}/console/account/tokens`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("You don't have access to this page");
    expect(await tokensOf(person.accessToken)).toEqual([]);
  });

  it("a form of its own without the session's CSRF token", async () => {
    const { person, page } = await signedInAs("stripped@refusals.example");
    await page.getByLabel("Token name").fill("no token");
    await page.locator("form[action='/console/account/tokens'] input[name=_csrf]").evaluate((input) => input.remove());
    await page.getByRole("button", { name: "Create token" }).click();
    await page.getByRole("heading", { name: "You don't have access to this page" }).waitFor();
    expect(await tokensOf(person.accessToken)).toEqual([]);
    await expectAccessible(page, "the 403 page");
  });

  it("a client user anywhere in the staff console beyond their account, with a 403 page", async () => {
    await h.createTenant(served().ownerToken, "refusals");
    const client = await h.clientUser(served().ownerToken, "refusals", "client@refusals.example", "CLIENT_ADMIN");
    const { page } = await open(await h.consoleCookie(client.email, client.secret), "/console/team");
    await page.getByRole("heading", { name: "You don't have access to this page" }).waitFor();
    await page.goto(`${served().baseUrl}/console/account`);
    await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
    // The navigation offers nothing of the staff console.
    expect(await page.getByRole("navigation", { name: "Console" }).getByRole("link").allTextContents()).toEqual(["Account"]);
  });

  it("a person deactivated while signed in: the next page load signs them out", async () => {
    const { person, page } = await signedInAs("leaver@refusals.example");
    await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
    expect((await h.call("POST", `/v1/users/${person.id}/deactivate`, { token: served().ownerToken })).status).toBe(200);
    await page.reload();
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    expect(await page.context().cookies().then((all) => all.filter((c) => c.name === "__Host-roster_session"))).toEqual([]);
  });
});
