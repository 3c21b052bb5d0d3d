import { User } from "@roster/core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { accessibleDialog, chooseAction, consoleBrowser, expectAccessible, expectNoSidewaysScroll, notice, screenshot } from "./console-page";

/** The team pages in Chromium: inviting, every row action by mouse and one by keyboard, axe, a phone's width. */

let h: Harness;
let admin: { email: string; id: string; cookie: string };

const CONTEXT = { requestId: "browser-test", clientRequestId: null, ip: null, userAgent: null };

const { served, open: openAs } = consoleBrowser(async (app) => {
  h = app.h;
  // The owner hands ownership to the admin who drives the browser, so Make owner is theirs to use.
  const person = await h.member(app.ownerToken, "ada.lovelace@team.example", "SUPER_ADMIN");
  await User.transferOwnership(h.deps, await h.principalOf(app.ownerToken), person.id, CONTEXT);
  admin = { email: person.email, id: person.id, cookie: await h.consoleCookie(person.email, person.secret) };
  // A team of several people in every state.
  await h.activeUser(app.ownerToken, "grace.hopper@team.example", "OPERATOR");
  await h.activeUser(app.ownerToken, "katherine.johnson@team.example", "VIEWER");
  await h.invited(app.ownerToken, "alan.turing@team.example", "CONTRACTOR");
  const gone = await h.activeUser(app.ownerToken, "charles.babbage@team.example", "OPERATOR");
  await User.deactivate(h.deps, await h.principalOf(app.ownerToken), gone.id, CONTEXT);
});
const open = (path: string) => openAs(admin.cookie, path);

describe("the team page", () => {
  it("lists and filters the team, and invites a teammate through the dialog, with the setup link to copy", async () => {
    const { page, problems, cspViolations } = await open("/console/team");
    await page.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    for (const column of ["Email", "Name", "Role", "Status", "Last sign-in"]) expect(await page.getByRole("columnheader", { name: column, exact: true }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "grace.hopper@team.example" }).count()).toBe(1);
    await expectAccessible(page, "team page");
    await screenshot(page, "team");

    await page.getByLabel("Search").fill("grace");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/q=grace/);
    expect(await page.getByRole("row").count()).toBe(2);
    await page.getByRole("link", { name: "Clear" }).click();
    await page.getByLabel("Status").selectOption({ label: "Invited" });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/status=INVITED/);
    expect(await page.getByRole("link", { name: "alan.turing@team.example" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "grace.hopper@team.example" }).count()).toBe(0);

    await page.getByRole("button", { name: "Invite", exact: true }).click();
    const dialog = await accessibleDialog(page, "Invite a teammate", "invite dialog");
    await dialog.getByLabel("Email").fill("not an email");
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await page.getByRole("dialog", { name: "Invite a teammate" }).getByText("Enter a valid email address.").waitFor();
    expect(await page.getByRole("dialog", { name: "Invite a teammate" }).getByLabel("Email").inputValue()).toBe("not an email");

    await page.getByRole("dialog", { name: "Invite a teammate" }).getByLabel("Email").fill("mary.jackson@team.example");
    await page.getByRole("dialog", { name: "Invite a teammate" }).getByLabel("Role").selectOption({ label: "Contractor" });
    await page.getByRole("dialog", { name: "Invite a teammate" }).getByRole("button", { name: "Send invitation" }).click();
    const answered = page.getByRole("dialog", { name: "Invite a teammate" });
    const link = answered.getByLabel("Setup link");
    await link.waitFor();
    expect(await link.inputValue()).toMatch(/\/setup#token=/);
    expect(await link.getAttribute("readonly")).not.toBeNull();
    expect(await answered.getByText("The setup link was emailed to").count()).toBe(1);
    const copy = answered.getByRole("button", { name: "Copy" });
    expect(await copy.isVisible()).toBe(true);
    await copy.click();
    await answered.getByRole("button", { name: /Copied|Select and copy/ }).waitFor();
    await expectAccessible(page, "invite dialog with its setup link");
    await screenshot(page, "invite");
    expect((await h.mailsTo("mary.jackson@team.example")).length).toBe(1);
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("does each menu action, each confirmed in a dialog that names the person", async () => {
    const { page, problems, cspViolations } = await open("/console/team");

    // Resend setup link: the new link, with Copy.
    await chooseAction(page, "alan.turing@team.example", "Resend setup link");
    const resend = page.getByRole("dialog", { name: "Resend the setup link to alan.turing@team.example" });
    await resend.getByRole("button", { name: "Resend setup link" }).click();
    const renewed = page.getByRole("dialog", { name: "Resend the setup link to alan.turing@team.example" }).getByLabel("Setup link");
    await renewed.waitFor();
    expect(await renewed.inputValue()).toMatch(/#token=/);
    expect(await page.getByRole("button", { name: "Copy" }).isVisible()).toBe(true);
    await page.getByRole("link", { name: "Done" }).click();

    // Change role, with the menu open under axe, then a refusal and a success.
    await chooseAction(page, "grace.hopper@team.example", "Change role", "an open row menu");
    const role = page.getByRole("dialog", { name: "Change the role of grace.hopper@team.example" });
    await role.getByLabel("Role").selectOption({ label: "Contractor" });
    await role.getByRole("button", { name: "Change role" }).click();
    await notice(page).getByText("grace.hopper@team.example is now Contractor.").waitFor();

    // Destructive ones: the dialog names the person and confirms with the action's name.
    const steps: [string, string, string, string][] = [
      ["grace.hopper@team.example", "Reset authenticator", "Reset the authenticator of grace.hopper@team.example?", "authenticator of grace.hopper@team.example was reset"],
      ["grace.hopper@team.example", "Deactivate", "Deactivate grace.hopper@team.example?", "grace.hopper@team.example was deactivated"],
      ["charles.babbage@team.example", "Reactivate", "Reactivate charles.babbage@team.example?", "charles.babbage@team.example is active again"],
      ["grace.hopper@team.example", "Remove", "Remove grace.hopper@team.example?", "grace.hopper@team.example was removed from the team."],
    ];
    for (const [email, action, title, done] of steps) {
      await chooseAction(page, email, action);
      const confirm = page.getByRole("dialog", { name: title });
      await confirm.waitFor();
      if (action === "Deactivate") await expectAccessible(page, "a confirm dialog");
      await confirm.getByRole("button", { name: action, exact: true }).click();
      await notice(page).getByText(done).waitFor();
    }
    expect(await page.getByRole("link", { name: "grace.hopper@team.example" }).count()).toBe(0);

    // Make owner: the owner hands it to another active super admin.
    const heir = await h.activeUser(served().ownerToken, "dorothy.vaughan@team.example", "SUPER_ADMIN");
    await page.reload();
    await chooseAction(page, heir.email, "Make owner");
    await page.getByRole("dialog", { name: `Make ${heir.email} the owner?` }).getByRole("button", { name: "Make owner" }).click();
    await notice(page).getByText(`${heir.email} is now the workspace's owner.`).waitFor();
    expect((await User.get(h.deps, await h.principalOf(served().ownerToken), heir.id)).isOwner).toBe(true);
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("works by keyboard alone: Tab to the menu button, Enter, arrows, Enter, confirm", async () => {
    const person = await h.activeUser(served().ownerToken, "annie.easley@team.example", "OPERATOR");
    const { page, problems } = await open(`/console/team?q=annie`);
    const label = `Actions for ${person.email}`;
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute("aria-label"))) === label) break;
    }
    expect(await page.getByRole("button", { name: label }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    // Change role, Reset authenticator, Deactivate, Remove: the first has focus.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe("Change role");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("dialog", { name: `Deactivate ${person.email}?` });
    await confirm.waitFor();
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document.activeElement?.textContent)).toBe("Deactivate");
    await page.keyboard.press("Enter");
    await notice(page).getByText(`${person.email} was deactivated`).waitFor();
    expect((await User.get(h.deps, await h.principalOf(served().ownerToken), person.id)).status).toBe("DEACTIVATED");
    expect(problems).toEqual([]);
  });

  it("fits a phone's width, the team page and a person's page", async () => {
    const { page, problems, cspViolations } = await open("/console/team");
    await expectNoSidewaysScroll(page, "team page");
    await page.getByRole("button", { name: "Invite", exact: true }).click();
    await page.getByRole("dialog", { name: "Invite a teammate" }).waitFor();
    await expectNoSidewaysScroll(page, "invite dialog");
    await page.goto(`${served().baseUrl}/console/team`);
    await page.getByRole("link", { name: "katherine.johnson@team.example" }).click();
    await page.getByRole("heading", { name: "Profile" }).waitFor();
    expect(await page.getByText("User setup completed").count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page, "person page");
    await expectAccessible(page, "person page");
    await chooseAction(page, "katherine.johnson@team.example", "Deactivate");
    await page.getByRole("dialog", { name: "Deactivate katherine.johnson@team.example?" }).waitFor();
    await expectAccessible(page, "a confirm dialog on a person's page");
    await expectNoSidewaysScroll(page, "a confirm dialog on a person's page");
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });
});
