import axe from "axe-core";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { browserSuite, watchedPage, type BrowserSuite, type ServedApp, type ServedAppOptions, type WatchedPage } from "./served-app";

/** What `consoleBrowser` gives a test file: a browser suite whose contexts may use the clipboard, and signed-in pages. */
export type ConsoleBrowser = BrowserSuite & {
  /** `path` in a fresh context, for the person whose session `cookie` is: see `consolePage`. */
  open: (cookie: string, path: string) => Promise<WatchedPage>;
};

/**
 * `browserSuite` for the console's pages: each fresh context is allowed the clipboard on the
 * app's origin, so a Copy button can be checked with `readClipboard`.
 */
export function consoleBrowser(setup?: (app: ServedApp) => Promise<void> | void, options: ServedAppOptions = {}): ConsoleBrowser {
  const suite = browserSuite(setup, (context, app) => context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.baseUrl }), options);
  const open = async (cookie: string, path: string) => consolePage(suite.served(), await suite.newContext(), cookie, path);
  return { ...suite, open };
}

/**
 * A console page in Chromium for a person already signed in: their session cookie goes straight
 * into the browser (the sign-in form has its own test), so each test starts on the page it is about.
 */
export async function consolePage(app: ServedApp, context: BrowserContext, cookie: string, path: string): Promise<WatchedPage> {
  // Chromium refuses a Secure cookie set through DevTools for an http:// URL, though it keeps and
  // sends one a loopback server sets: the https form of the same origin names the same host.
  const url = app.baseUrl.replace(/^http:/, "https:");
  await context.addCookies([{ name: "__Host-roster_session", value: cookie, url, httpOnly: true, secure: true, sameSite: "Lax" }]);
  const watched = await watchedPage(context, app.baseUrl, isExpectedRefusal);
  await watched.page.goto(`${app.baseUrl}${path}`);
  return watched;
}

/** A refused form answers 4xx with its page, which Chromium logs as a failed load: the test asked for it. */
const isExpectedRefusal = (text: string) => /^Failed to load resource: the server responded with a status of 4\d\d/.test(text);

/** What is on the clipboard now, read in the page as its own script would after a Copy button. */
export function readClipboard(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText: () => Promise<string> } } }).navigator.clipboard.readText());
}

/** The notice a console page comes back with after a change: what was done, or why it was not. */
export const notice = (page: Page) => page.locator("main > .notice");

/**
 * Opens the Actions menu of the row for `rowName` (a person's email, a client's name) and picks
 * `item`: the page comes back with that item's dialog open. With `menuLabel`, axe checks the page
 * with the menu open first, under that label.
 */
export async function chooseAction(page: Page, rowName: string, item: string, menuLabel?: string) {
  await page.getByRole("button", { name: `Actions for ${rowName}` }).click();
  if (menuLabel !== undefined) {
    await page.getByRole("menu").filter({ visible: true }).waitFor();
    await expectAccessible(page, menuLabel);
  }
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

/** Activates `target` as a keyboard user would: Tab until it has focus, then Enter. */
export async function pressByKeyboard(page: Page, target: Locator) {
  await tabTo(page, target);
  await page.keyboard.press("Enter");
}

/**
 * Confirms by keyboard alone in the dialog named `name` that asks about `email`: checked with
 * axe, it must name them, and its button of the same name is pressed from the keyboard.
 */
export async function confirmByKeyboard(page: Page, name: string, email: string) {
  const dialog = await accessibleDialog(page, name);
  expect(await dialog.textContent()).toContain(email);
  await pressByKeyboard(page, dialog.getByRole("button", { name }));
}

/**
 * The dialog named `name`, once it is open, after axe found nothing serious in the page with it:
 * every dialog is checked as it opens. `label` names it in a failure.
 */
export async function accessibleDialog(page: Page, name: string, label = `${name} dialog`): Promise<Locator> {
  const dialog = page.getByRole("dialog", { name });
  await dialog.waitFor();
  await expectAccessible(page, label);
  return dialog;
}

/**
 * Invites `email` with `tenantRole` through the open invitation dialog named `name` (a tenant's
 * page and its portal have the same one), checked with axe first; then the dialog must say the
 * invitation went out and show a setup link, which its Copy button puts on the clipboard.
 */
export async function inviteClientUser(page: Page, name: string, email: string, tenantRole: string) {
  const dialog = await accessibleDialog(page, name);
  await dialog.getByLabel("Email").fill(email);
  await dialog.getByLabel("Tenant role").selectOption(tenantRole);
  await dialog.getByRole("button", { name: "Send invitation" }).click();
  const result = page.getByRole("dialog", { name });
  await result.getByText("Invitation sent to").waitFor();
  const link = await result.getByLabel("Setup link").inputValue();
  expect(link).toContain("/setup#token=");
  await result.getByRole("button", { name: "Copy" }).click();
  expect(await readClipboard(page)).toBe(link);
}

/**
 * axe-core on the page as it is now: no serious or critical violation. Run through DevTools
 * (`evaluate`), outside the page's CSP, which would refuse an injected script.
 */
export async function expectAccessible(page: Page, label = page.url()) {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (options: object) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run({ resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  expect(violations, `axe on ${label}`).toEqual([]);
}

/** At a phone's width (390 px) nothing may scroll sideways. */
export async function expectNoSidewaysScroll(page: Page, label = page.url()) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow, `sideways scroll on ${label} at 390 px`).toBeLessThanOrEqual(0);
}

const SCREENSHOTS = process.env.ROSTER_SCREENSHOTS;

/**
 * With `ROSTER_SCREENSHOTS` set (`npm run screenshots`), the page as it is now becomes
 * `docs/images/<name>.png` for the README, at a laptop's width; otherwise nothing happens.
 */
export async function screenshot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 800 });
  // From the top of the page, as a person arriving on it sees it.
  await page.evaluate(() => (globalThis as unknown as { scrollTo: (x: number, y: number) => void }).scrollTo(0, 0));
  await page.screenshot({ path: `docs/images/${name}.png`, fullPage: false });
  if (viewport) await page.setViewportSize(viewport);
}

/**
 * Moves focus with the Tab key alone until `target` has it, as a keyboard user would (at most
 * `limit` presses): a page whose control cannot be reached this way fails here.
 */
export async function tabTo(page: Page, target: Locator, limit = 60) {
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((element) => element === (element.ownerDocument as { activeElement: unknown }).activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${limit} presses of Tab did not reach ${target.toString()}`);
}
