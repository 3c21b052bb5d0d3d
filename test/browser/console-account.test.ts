import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { consoleBrowser, expectAccessible, expectNoSidewaysScroll, readClipboard, screenshot, tabTo } from "./console-page";

/** The account page in Chromium: tokens made and copied and revoked, a refused password change, signing out. */

let h: Harness;
const { served, open } = consoleBrowser((app) => {
  h = app.h;
});

async function openAccount(email: string) {
  const person = await h.member(served().ownerToken, email, "OPERATOR");
  return open(await h.consoleCookie(person.email, person.secret), "/console/account");
}

describe("the account page", () => {
  it("makes a token by keyboard alone, shows it once with Copy, and revokes it", async () => {
    const { page, problems, cspViolations } = await openAccount("keys@console.example");
    await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    await tabTo(page, page.getByLabel("Token name"));
    await page.keyboard.type("deploy script");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("30");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");

    const field = page.getByLabel("New token");
    await field.waitFor();
    const token = await field.inputValue();
    expect(token).toMatch(/^rpat\./);
    await page.getByRole("button", { name: "Copy" }).click();
    expect(await readClipboard(page)).toBe(token);
    await expectAccessible(page, "account with a new token");
    await screenshot(page, "account");

    const row = page.getByRole("row", { name: /deploy script/ });
    await row.getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("status").filter({ hasText: "Token revoked" }).waitFor();
    expect(await page.getByRole("row", { name: /deploy script/ }).count()).toBe(0);
    expect((await h.call("GET", "/v1/me", { token })).status).toBe(401);
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("says a wrong current password beside it, then signs out from the header", async () => {
    const { page, problems } = await openAccount("careful@console.example");
    await page.getByLabel("Current password").fill("not my password at all");
    await page.getByLabel("New password").fill("a brand new passphrase 42");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => page.getByLabel("Current password").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page, "refused password change");

    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${served().baseUrl}/console/sign-in`);
    await page.goto(`${served().baseUrl}/console/account`);
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    expect(problems).toEqual([]);
  });
});
