import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { consoleBrowser, expectAccessible, expectNoSidewaysScroll, screenshot } from "./console-page";

/** The audit log in Chromium: filters and Apply, a row opened onto its change, paging, and the CSV export. */

let h: Harness;
let viewer: Awaited<ReturnType<Harness["member"]>>;
let changed: { id: string; email: string };

const TENANTS = 55;

const { open: openAs } = consoleBrowser(async (app) => {
  h = app.h;
  viewer = await h.member(app.ownerToken, "viewer@audit-browser.example", "VIEWER");
  changed = await h.activeUser(app.ownerToken, "changed@audit-browser.example", "OPERATOR");
  // More than a page (50) of one type, for Next.
  for (let batch = 0; batch < TENANTS; batch += 11) {
    await Promise.all(Array.from({ length: 11 }, (_, i) => h.createTenant(app.ownerToken, `browser-audit-${String(batch + i).padStart(2, "0")}`)));
  }
  // Then changes with a before and after, at the top of the trail (events of one instant sort by their random ids).
  h.clock.advance(1000);
  const role = await h.call("PUT", `/v1/users/${changed.id}/role`, { token: app.ownerToken, body: { role: "VIEWER" }, headers: { "User-Agent": "Mozilla/5.0 (audit browser test)" } });
  expect(role.status).toBe(200);
  const contractor = await h.activeUser(app.ownerToken, "contractor@audit-browser.example", "CONTRACTOR");
  await h.grant(app.ownerToken, "browser-audit-00", contractor.id, "OPERATOR_READONLY", new Date(h.clock.now().getTime() + 14 * 86_400_000).toISOString());
});

async function open(path = "/console/audit") {
  return openAs(await h.consoleCookie(viewer.email, viewer.secret), path);
}

const rows = (page: Page) => page.locator("table.data tbody tr");
const eventTypes = (page: Page) => page.locator("table.data tbody summary").allTextContents();

describe("the audit log page", () => {
  it("filters by event type with Apply, pages with Next and Previous, and exports the filtered events as CSV", async () => {
    const { page, problems, cspViolations } = await open();
    await page.getByRole("heading", { name: "Audit log" }).waitFor();
    for (const header of ["When", "Event", "Actor", "Target"]) expect(await page.getByRole("columnheader", { name: header }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByLabel("Event type").selectOption("TENANT_CREATED");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/type=TENANT_CREATED/);
    expect(await rows(page).count()).toBe(50);
    expect(new Set(await eventTypes(page))).toEqual(new Set(["TENANT_CREATED"]));
    const firstPage = await eventTypes(page);

    await page.getByRole("link", { name: "Next" }).click();
    await page.waitForURL(/cursor=/);
    expect(await rows(page).count()).toBe(TENANTS - 50);
    expect(await page.getByLabel("Event type").inputValue()).toBe("TENANT_CREATED");
    await page.getByRole("link", { name: "Previous" }).click();
    await expect.poll(() => eventTypes(page)).toEqual(firstPage);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^roster-audit-.*\.csv$/);
    const csv = await readFile((await download.path())!, "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^When,Event,Actor type,/);
    expect(lines.slice(1)).toHaveLength(TENANTS);
    expect(lines.slice(1).every((line) => line.split(",")[1] === "TENANT_CREATED")).toBe(true);
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("opens a row onto its before and after and its request, and fits a phone's width", async () => {
    const { page, problems } = await open();
    const details = page.locator("details.audit-event", { has: page.locator("summary", { hasText: "USER_ROLE_CHANGED" }) }).first();
    const summary = details.locator("summary");
    expect(await details.getByText("Before").isVisible()).toBe(false);
    await summary.click();
    await details.getByText("OPERATOR", { exact: true }).waitFor();
    expect(await details.getByText("VIEWER", { exact: true }).isVisible()).toBe(true);
    expect(await details.getByText("Mozilla/5.0 (audit browser test)").isVisible()).toBe(true);
    expect(await details.getByText("Request id").isVisible()).toBe(true);
    await expectAccessible(page, "expanded row");
    await screenshot(page, "audit");
    await expectNoSidewaysScroll(page, "expanded row at 390 px");
    expect(problems).toEqual([]);
  });

  it("says what is wrong with To before From, beside To, and lists nothing", async () => {
    const { page, problems } = await open();
    await page.getByLabel("From").fill("2026-05-02T10:00");
    await page.getByLabel("To", { exact: true }).fill("2026-05-01T10:00");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByText("To must not be before From.").waitFor();
    expect(await page.getByLabel("From").inputValue()).toBe("2026-05-02T10:00");
    expect(await rows(page).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Export CSV" }).count()).toBe(0);
    await expectAccessible(page, "refused filters");
    await expectNoSidewaysScroll(page);
    expect(problems).toEqual([]);
  });

  it("filters and opens a row with the keyboard alone", async () => {
    const { page, problems } = await open();
    const focused = (locator: ReturnType<Page["getByLabel"]>) => locator.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);
    const eventType = page.getByLabel("Event type");
    for (let i = 0; i < 30 && !(await focused(eventType)); i++) await page.keyboard.press("Tab");
    expect(await focused(eventType)).toBe(true);
    // Type-ahead picks the option, as on any select.
    await page.keyboard.type("USER_ROLE_CHANGED");
    expect(await eventType.inputValue()).toBe("USER_ROLE_CHANGED");
    const apply = page.getByRole("button", { name: "Apply" });
    for (let i = 0; i < 10 && !(await focused(apply)); i++) await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL(/type=USER_ROLE_CHANGED/);
    const summary = page.locator("details.audit-event summary").first();
    for (let i = 0; i < 30 && !(await focused(summary)); i++) await page.keyboard.press("Tab");
    expect(await focused(summary)).toBe(true);
    await page.keyboard.press("Enter");
    await page.locator("details.audit-event[open]").getByText("OPERATOR", { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });
});
