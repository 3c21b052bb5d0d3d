import { Membership, Tenant } from "@roster/core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { accessibleDialog, chooseAction, confirmByKeyboard, consoleBrowser, expectAccessible, expectNoSidewaysScroll, inviteClientUser, notice, pressByKeyboard, screenshot } from "./console-page";

/** The tenants pages in Chromium: a new tenant, every change to its members (one by keyboard alone), axe, a phone's width. */

let h: Harness;
let admin: { cookie: string };

const DAY = 86_400_000;

const { served, open: openAs } = consoleBrowser(async (app) => {
  h = app.h;
  const person = await h.member(app.ownerToken, "ada@tenants.example", "SUPER_ADMIN");
  admin = { cookie: await h.consoleCookie(person.email, person.secret) };
  // A tenant with a few members, one of them a contractor whose access ends within the warning window.
  await h.createTenant(app.ownerToken, "acme-bank", "Acme Bank");
  await h.createTenant(app.ownerToken, "globex", "Globex Corporation");
  for (const [email, role, tenantRole, days] of [
    ["grace.hopper@tenants.example", "OPERATOR", "OPERATOR_FULL", null],
    ["alan.turing@tenants.example", "CONTRACTOR", "OPERATOR_READONLY", 2],
    ["katherine.johnson@tenants.example", "CONTRACTOR", "OPERATOR_FULL", 60],
  ] as const) {
    const user = await h.activeUser(app.ownerToken, email, role);
    await h.grant(app.ownerToken, "acme-bank", user.id, tenantRole, days === null ? null : new Date(h.clock.now().getTime() + days * DAY).toISOString());
  }
  await h.clientUser(app.ownerToken, "acme-bank", "cfo@acme.example", "CLIENT_ADMIN");
});
const open = (path: string) => openAs(admin.cookie, path);

const members = async () => (await Membership.ofTenant(h.deps, await h.principalOf(served().ownerToken), "acme-bank", { limit: 100 })).items;
const memberNamed = async (email: string) => (await members()).find((m) => m.user.email === email);
const localInput = (at: number) => new Date(at).toISOString().slice(0, 16);

describe("the tenants list", () => {
  it("creates a tenant through the New tenant dialog and lands on its page", async () => {
    const { page, problems, cspViolations } = await open("/console/tenants");
    await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
    expect(await page.getByRole("link", { name: "Acme Bank" }).count()).toBe(1);
    await expectAccessible(page, "tenants list");
    await expectNoSidewaysScroll(page, "tenants list");
    await page.setViewportSize({ width: 1280, height: 800 });

    await page.getByRole("button", { name: "New tenant" }).click();
    const dialog = await accessibleDialog(page, "New tenant");
    await dialog.getByLabel("Name").fill("Initech");
    await dialog.getByLabel("Slug").fill("acme-bank");
    await dialog.getByRole("button", { name: "Create tenant" }).click();
    // Refused: the dialog comes back open with the reason and what was typed.
    await page.getByRole("dialog", { name: "New tenant" }).getByText("A tenant with the slug acme-bank already exists.").waitFor();
    expect(await page.getByLabel("Name").inputValue()).toBe("Initech");
    await page.getByLabel("Slug").fill("initech");
    await page.getByRole("button", { name: "Create tenant" }).click();
    await page.getByRole("heading", { name: "Initech", level: 1 }).waitFor();
    expect((await Tenant.get(h.deps, await h.principalOf(served().ownerToken), "initech")).name).toBe("Initech");
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });
});

describe("a tenant's page", () => {
  it("shows the members, marks the one expiring soon, and adds a contractor with the date-time control", async () => {
    const { page, problems, cspViolations } = await open("/console/tenants/acme-bank");
    await page.getByRole("heading", { name: "Acme Bank", level: 1 }).waitFor();
    for (const column of ["Email", "Role", "Expires"]) expect(await page.getByRole("columnheader", { name: column, exact: true }).count()).toBe(1);
    expect(await page.getByRole("row", { name: /alan\.turing/ }).getByText("Expires soon").count()).toBe(1);
    expect(await page.getByRole("row", { name: /katherine\.johnson/ }).getByText("Expires soon").count()).toBe(0);
    await expectAccessible(page, "tenant page");
    await screenshot(page, "tenant");
    await expectNoSidewaysScroll(page, "tenant page");
    await page.setViewportSize({ width: 1280, height: 800 });

    const contractor = await h.activeUser(served().ownerToken, "mary.jackson@tenants.example", "CONTRACTOR");
    await page.getByRole("button", { name: "Add member" }).click();
    let dialog = await accessibleDialog(page, "Add member");
    await dialog.getByLabel("Person").fill(contractor.email);
    await dialog.getByLabel("Tenant role").selectOption("OPERATOR_FULL");
    await dialog.getByRole("button", { name: "Add member" }).click();
    dialog = page.getByRole("dialog", { name: "Add member" });
    await dialog.getByText("A contractor's membership needs an expiresAt in the future.").waitFor();
    expect(await dialog.getByLabel("Person").inputValue()).toBe(contractor.email);
    expect(await dialog.getByLabel("Expires at").getAttribute("type")).toBe("datetime-local");
    const until = localInput(h.clock.now().getTime() + 20 * DAY);
    await dialog.getByLabel("Expires at").fill(until);
    await dialog.getByRole("button", { name: "Add member" }).click();
    await notice(page).filter({ hasText: "is now a member" }).waitFor();
    expect(await memberNamed(contractor.email)).toMatchObject({ role: "OPERATOR_FULL", expiresAt: `${until}:00.000Z` });
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("changes a member's tenant role and expiry from the row's menu", async () => {
    const { page, problems } = await open("/console/tenants/acme-bank");
    await chooseAction(page, "grace.hopper@tenants.example", "Change tenant role", "row menu open");
    const roleDialog = await accessibleDialog(page, "Change tenant role");
    await roleDialog.getByLabel("Tenant role").selectOption("OPERATOR_READONLY");
    await roleDialog.getByRole("button", { name: "Change tenant role" }).click();
    await notice(page).filter({ hasText: "is now Operator, read-only" }).waitFor();
    expect((await memberNamed("grace.hopper@tenants.example"))?.role).toBe("OPERATOR_READONLY");

    await chooseAction(page, "grace.hopper@tenants.example", "Change expiry");
    const expiryDialog = await accessibleDialog(page, "Change expiry");
    const until = localInput(h.clock.now().getTime() + 7 * DAY);
    await expiryDialog.getByLabel("Expires at").fill(until);
    await expiryDialog.getByRole("button", { name: "Change expiry" }).click();
    await notice(page).filter({ hasText: "has access until" }).waitFor();
    expect(await memberNamed("grace.hopper@tenants.example")).toMatchObject({ role: "OPERATOR_READONLY", expiresAt: `${until}:00.000Z` });
    expect(problems).toEqual([]);
  });

  it("revokes access by keyboard alone, after a dialog naming the email", async () => {
    const { page, problems } = await open("/console/tenants/acme-bank");
    await page.getByRole("heading", { name: "Acme Bank", level: 1 }).waitFor();
    await pressByKeyboard(page, page.getByRole("button", { name: "Actions for katherine.johnson@tenants.example" }));
    const item = page.getByRole("menuitem", { name: "Revoke access" }).filter({ visible: true });
    await item.waitFor();
    // Down the menu to its last item, then open it.
    await page.keyboard.press("End");
    expect(await item.evaluate((element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await confirmByKeyboard(page, "Revoke access", "katherine.johnson@tenants.example");
    await notice(page).filter({ hasText: "no longer has access" }).waitFor();
    expect(await memberNamed("katherine.johnson@tenants.example")).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("invites a client user and shows the setup link to copy, and that the mail went out", async () => {
    const { page, problems, cspViolations } = await open("/console/tenants/acme-bank");
    await page.getByRole("button", { name: "Invite client user" }).click();
    await inviteClientUser(page, "Invite client user", "treasurer@acme.example", "CLIENT_VIEWER");
    await expectAccessible(page, "invitation result");
    expect((await memberNamed("treasurer@acme.example"))?.role).toBe("CLIENT_VIEWER");
    expect(await h.mailsTo("treasurer@acme.example")).toHaveLength(1);
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });
});
