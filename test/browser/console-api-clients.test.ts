import { ApiClient, type RequestContext } from "@roster/core";
import { generateKeyPairSync } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { Harness } from "../harness";
import { accessibleDialog, chooseAction, consoleBrowser, expectAccessible, expectNoSidewaysScroll, screenshot } from "./console-page";

/** The API clients page in Chromium: register a client from a pasted PEM, rotate its key, disable and enable it. */

let h: Harness;
let admin: Awaited<ReturnType<Harness["member"]>>;
let viewer: Awaited<ReturnType<Harness["member"]>>;

const CONTEXT: RequestContext = { requestId: "browser-fixture", clientRequestId: null, ip: null, userAgent: null };
const publicPem = () => generateKeyPairSync("ed25519").publicKey.export({ type: "spki", format: "pem" }).toString();

const { served, open: openAs } = consoleBrowser(async (app) => {
  h = app.h;
  admin = await h.member(app.ownerToken, "admin@clients-browser.example", "SUPER_ADMIN");
  viewer = await h.member(app.ownerToken, "viewer@clients-browser.example", "VIEWER");
});

async function open(person: { email: string; secret: string }, path = "/console/api-clients") {
  return openAs(await h.consoleCookie(person.email, person.secret), path);
}

/** A client made through core, as another admin's earlier work. */
async function existingClient(name: string) {
  return ApiClient.create(h.deps, await h.principalOf(admin.accessToken), { name, type: "DELEGATED", publicKey: publicPem(), scopes: ["users:read"] }, CONTEXT);
}

const clientOf = async (id: string) => ApiClient.get(h.deps, await h.principalOf(admin.accessToken), id);
const dialogNamed = (page: Page, name: string) => page.getByRole("dialog", { name });

describe("the API clients page", () => {
  it("registers a client from a pasted PEM through New API client, after saying what was wrong with a bad key", async () => {
    const { page, problems, cspViolations } = await open(admin);
    await expectAccessible(page);
    await page.getByRole("button", { name: "New API client" }).click();
    const dialog = await accessibleDialog(page, "New API client");

    await dialog.getByLabel("Name").fill("billing-sync");
    await dialog.getByLabel("Type").selectOption("USER");
    await dialog.getByLabel("Public key").fill("ssh-ed25519 AAAAC3Nza not a PEM");
    await dialog.getByRole("group", { name: "Scopes" }).getByRole("checkbox", { name: "users:read", exact: true }).check();
    await dialog.getByRole("checkbox", { name: "audit:read" }).check();
    await dialog.getByRole("button", { name: "Create client" }).click();

    // Refused: the API's words beside the key, everything typed still there, the dialog open again.
    const refused = dialogNamed(page, "New API client");
    await refused.getByText("A PEM key must be a public key (-----BEGIN PUBLIC KEY-----).").waitFor();
    expect(await refused.getByLabel("Name").inputValue()).toBe("billing-sync");
    expect(await refused.getByLabel("Type").inputValue()).toBe("USER");
    expect(await refused.getByRole("checkbox", { name: "audit:read" }).isChecked()).toBe(true);
    await expectAccessible(page, "refused New API client dialog");

    await refused.getByLabel("Public key").fill(publicPem());
    await refused.getByRole("button", { name: "Create client" }).click();
    const done = dialogNamed(page, "New API client");
    await done.getByText("billing-sync is registered and active.").waitFor();
    const id = await done.getByLabel("Client ID").inputValue();
    expect(id).toMatch(/^cli_[0-9a-z]{24}$/);
    expect(await done.getByLabel("Token endpoint").inputValue()).toBe(`${served().baseUrl}/oauth/token`);
    expect(await done.getByRole("button", { name: "Copy" }).count()).toBe(3);
    await expectAccessible(page, "created client dialog");
    expect(await clientOf(id)).toMatchObject({ name: "billing-sync", type: "USER", status: "ACTIVE", scopes: ["users:read", "audit:read"] });

    await done.getByRole("link", { name: "Done" }).click();
    await expect.poll(() => dialogNamed(page, "New API client").count()).toBe(0);
    expect(await page.getByRole("cell", { name: /^billing-sync/ }).count()).toBe(1);
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("registers a client by its JWKS URL instead of a key: the URL shown, no key rotation offered, at a phone's width too", async () => {
    const jwksUri = "https://billing-backend.example.com/.well-known/a-rather-long-path/jwks.json";
    const { page, problems, cspViolations } = await open(admin);
    await page.getByRole("button", { name: "New API client" }).click();
    const dialog = await accessibleDialog(page, "New API client");
    await dialog.getByLabel("Name").fill("jwks-sync");
    await dialog.getByLabel("JWKS URL").fill(jwksUri);
    await dialog.getByRole("checkbox", { name: "audit:read" }).check();
    await dialog.getByRole("button", { name: "Create client" }).click();

    const done = dialogNamed(page, "New API client");
    await done.getByText("jwks-sync is registered and active.").waitFor();
    expect(await done.getByLabel("JWKS URL").inputValue()).toBe(jwksUri);
    expect(await done.getByLabel("Key ID").count()).toBe(0);
    const id = await done.getByLabel("Client ID").inputValue();
    expect(await clientOf(id)).toMatchObject({ name: "jwks-sync", keyId: null, jwksUri });
    await expectAccessible(page, "created JWKS client dialog");
    await done.getByRole("link", { name: "Done" }).click();

    expect(await page.getByRole("cell", { name: /^jwks-sync/ }).getByText(jwksUri).count()).toBe(1);
    await page.getByRole("button", { name: "Actions for jwks-sync" }).click();
    expect(await page.getByRole("menuitem", { name: "Rotate key" }).count()).toBe(0);
    expect(await page.getByRole("menuitem", { name: "Disable" }).count()).toBe(1);
    await page.keyboard.press("Escape");
    await expectNoSidewaysScroll(page, "a JWKS URL in the list at 390 px");
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("rotates a key with an overlap, disables and enables the client from its row's menu", async () => {
    const client = await existingClient("ledger-sync");
    const { page, problems, cspViolations } = await open(admin);
    await chooseAction(page, "ledger-sync", "Rotate key", "row menu open");

    const rotate = await accessibleDialog(page, "Rotate the key of ledger-sync", "Rotate key dialog");
    await rotate.getByLabel("Public key").fill(publicPem());
    await rotate.getByLabel("Keep the previous key for (seconds)").fill("300");
    await rotate.getByRole("button", { name: "Rotate key" }).click();
    await page.getByRole("status").getByText("New key for ledger-sync in use. The previous key works until").waitFor();
    const rotated = await clientOf(client.id);
    expect(rotated.keyId).not.toBe(client.keyId);
    expect(rotated.previousKey?.keyId).toBe(client.keyId);

    await chooseAction(page, "ledger-sync", "Disable");
    const disable = await accessibleDialog(page, "Disable ledger-sync?", "Disable dialog");
    await disable.getByRole("button", { name: "Disable" }).click();
    await page.getByText("ledger-sync disabled. Its tokens stopped working.").waitFor();
    expect((await clientOf(client.id)).status).toBe("DISABLED");

    await page.getByRole("button", { name: "Actions for ledger-sync" }).click();
    expect(await page.getByRole("menuitem", { name: "Disable" }).count()).toBe(0);
    await page.getByRole("menuitem", { name: "Enable" }).click();
    await dialogNamed(page, "Enable ledger-sync?").getByRole("button", { name: "Enable" }).click();
    await page.getByText("ledger-sync enabled. It can get access tokens again.").waitFor();
    expect((await clientOf(client.id)).status).toBe("ACTIVE");
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });

  it("disables a client with the keyboard alone", async () => {
    const client = await existingClient("keyboard-sync");
    const { page, problems } = await open(admin);
    const name = "Actions for keyboard-sync";
    // Tab through the page from its top until the row's menu button has focus.
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate((label) => (globalThis as unknown as { document: { activeElement: { getAttribute: (n: string) => string | null } | null } }).document.activeElement?.getAttribute("aria-label") === label, name)) break;
    }
    await expect.poll(() => page.getByRole("button", { name }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("menuitem", { name: "Rotate key" }).evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).toBe(true);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const dialog = dialogNamed(page, "Disable keyboard-sync?");
    await dialog.waitFor();
    // The dialog takes focus on its confirming button: Enter confirms.
    await page.keyboard.press("Enter");
    await page.getByText("keyboard-sync disabled.").waitFor();
    expect((await clientOf(client.id)).status).toBe("DISABLED");
    expect(problems).toEqual([]);
  });

  it("shows a VIEWER the clients read-only, and fits a phone's width", async () => {
    await existingClient("reporting-export-with-a-rather-long-name");
    const { page, problems } = await open(viewer);
    await page.getByRole("heading", { name: "API clients" }).waitFor();
    for (const header of ["Name", "Type", "Status", "Created"]) expect(await page.getByRole("columnheader", { name: header }).count()).toBe(1);
    expect(await page.getByRole("button", { name: "New API client" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Actions for/ }).count()).toBe(0);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
    expect(problems).toEqual([]);

    const { page: adminPage } = await open(admin);
    await expectNoSidewaysScroll(adminPage);
    await chooseAction(adminPage, "reporting-export-with-a-rather-long-name", "Rotate key");
    await dialogNamed(adminPage, "Rotate the key of reporting-export-with-a-rather-long-name").waitFor();
    await expectNoSidewaysScroll(adminPage, "Rotate key dialog at 390 px");
    await adminPage.keyboard.press("Escape");
    await adminPage.setViewportSize({ width: 1280, height: 800 });
    await screenshot(adminPage, "api-clients");
  });
});
