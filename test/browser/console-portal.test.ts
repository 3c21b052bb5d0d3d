import { Membership } from "@roster/core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { accessibleDialog, chooseAction, confirmByKeyboard, consoleBrowser, expectAccessible, expectNoSidewaysScroll, inviteClientUser, notice, screenshot, tabTo } from "./console-page";

/** The client portal in Chromium: a client admin invites, changes a role and removes (by keyboard alone); axe, a phone's width. */

let h: Harness;
let admin: { cookie: string; email: string };

const { served, open: openAs } = consoleBrowser(async (app) => {
  h = app.h;
  await h.createTenant(app.ownerToken, "acme-bank", "Acme Bank");
  const person = await h.clientUser(app.ownerToken, "acme-bank", "dana.scully@acme.example", "CLIENT_ADMIN");
  admin = { email: person.email, cookie: await h.consoleCookie(person.email, person.secret) };
  for (const email of ["fox.mulder@acme.example", "walter.skinner@acme.example"]) await h.clientUser(app.ownerToken, "acme-bank", email, "CLIENT_VIEWER");
  const operator = await h.activeUser(app.ownerToken, "grace.hopper@roster.example", "OPERATOR");
  await h.grant(app.ownerToken, "acme-bank", operator.id, "OPERATOR_FULL");
});
const open = (path: string) => openAs(admin.cookie, path);

const memberNamed = async (email: string) =>
  (await Membership.ofTenant(h.deps, await h.principalOf(served().ownerToken), "acme-bank", { limit: 100 })).items.find((m) => m.user.email === email);

describe("the portal", () => {
  it("offers a client user of several tenants a choice of them", async () => {
    await h.createTenant(served().ownerToken, "globex", "Globex");
    const person = await h.clientUser(served().ownerToken, "globex", "two.hats@globex.example", "CLIENT_VIEWER");
    await h.grant(served().ownerToken, "acme-bank", person.id, "CLIENT_VIEWER");
    const { page, problems } = await openAs(await h.consoleCookie(person.email, person.secret), "/console");
    await page.getByRole("heading", { name: "Your tenants", level: 1 }).waitFor();
    await expectAccessible(page, "tenant chooser");
    await expectNoSidewaysScroll(page, "tenant chooser");
    await page.getByRole("link", { name: "Globex" }).click();
    await page.getByRole("heading", { name: "Globex", level: 1 }).waitFor();
    expect(problems).toEqual([]);
  });

  it("shows the tenant and the person's own access, and its audit log", async () => {
    const { page, problems, cspViolations } = await open("/console");
    await page.getByRole("heading", { name: "Acme Bank", level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/portal/acme-bank");
    expect(await page.getByText("Client admin").count()).toBeGreaterThan(0);
    await expectAccessible(page, "portal");
    await expectNoSidewaysScroll(page, "portal");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("navigation", { name: "Portal" }).getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    for (const column of ["When", "Event", "Actor", "Target"]) expect(await page.getByRole("columnheader", { name: column, exact: true }).count()).toBe(1);
    expect(await page.getByRole("cell", { name: /Membership granted/ }).count()).toBeGreaterThan(0);
    await expectAccessible(page, "portal audit log");
    await expectNoSidewaysScroll(page, "portal audit log");
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });
});

describe("the portal's team", () => {
  it("invites a teammate and shows the setup link to copy", async () => {
    const { page, problems, cspViolations } = await open("/portal/acme-bank/team");
    await page.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    for (const column of ["Email", "Name", "Tenant role"]) expect(await page.getByRole("columnheader", { name: column, exact: true }).count()).toBe(1);
    // The workspace's staff are listed, not managed here.
    expect(await page.getByRole("row", { name: /grace\.hopper/ }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "Actions for grace.hopper@roster.example" }).count()).toBe(0);
    await expectAccessible(page, "portal team");
    await screenshot(page, "portal-team");
    await expectNoSidewaysScroll(page, "portal team");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("button", { name: "Invite" }).click();
    await inviteClientUser(page, "Invite a teammate", "john.doggett@acme.example", "CLIENT_VIEWER");
    expect((await memberNamed("john.doggett@acme.example"))?.role).toBe("CLIENT_VIEWER");
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("changes a teammate's tenant role from the row's menu", async () => {
    const { page, problems } = await open("/portal/acme-bank/team");
    await chooseAction(page, "fox.mulder@acme.example", "Change tenant role", "portal row menu open");
    const dialog = await accessibleDialog(page, "Change tenant role", "portal Change tenant role dialog");
    await dialog.getByLabel("Tenant role").selectOption("CLIENT_ADMIN");
    await dialog.getByRole("button", { name: "Change tenant role" }).click();
    await notice(page).filter({ hasText: "is now Client admin" }).waitFor();
    expect((await memberNamed("fox.mulder@acme.example"))?.role).toBe("CLIENT_ADMIN");
    expect(problems).toEqual([]);
  });

  it("removes a teammate by keyboard alone, after a dialog naming them", async () => {
    const { page, problems } = await open("/portal/acme-bank/team");
    await page.getByRole("heading", { name: "Team", level: 1 }).waitFor();
    await tabTo(page, page.getByRole("button", { name: "Actions for walter.skinner@acme.example" }));
    await page.keyboard.press("ArrowDown");
    await page.getByRole("menuitem", { name: "Change tenant role" }).filter({ visible: true }).waitFor();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await confirmByKeyboard(page, "Remove from tenant", "walter.skinner@acme.example");
    await notice(page).filter({ hasText: "no longer has access" }).waitFor();
    expect(await memberNamed("walter.skinner@acme.example")).toBeUndefined();
    expect(problems).toEqual([]);
  });
});
