import { serve } from "@hono/node-server";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";
import { stepOf, totpAt } from "../totp";

/**
 * The setup page in a real headless Chromium against the real app served over HTTP: the mailed
 * link is opened, the page talks to the API with its own script under its own CSP, and the
 * account it creates can sign in.
 */

const CHROMIUM = "/usr/bin/chromium";
const WAIT = { timeout: 10_000 };
const EMAIL = "browser.user@example.com";

let h: Harness;
let ownerToken: string;
let baseUrl: string;
let server: Server | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, and it is missing. ` +
        "Install it (sudo apt-get install chromium), as the README's test prerequisites say and CI does.",
    );
  }
  const [port] = await findFreePorts(1);
  if (port === undefined) throw new Error("findFreePorts returned no port");
  baseUrl = `http://127.0.0.1:${port}`;
  h = await createHarness({ env: { ROSTER_PUBLIC_URL: baseUrl } });
  ownerToken = (await h.owner()).accessToken;

  server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" }, () => resolve(started as Server)) as Server;
    started.once("error", reject);
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium reaches for the internet, which is closed here.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  const listening = server;
  if (listening) {
    listening.closeAllConnections();
    await new Promise<void>((resolve) => listening.close(() => resolve()));
  }
});

/** A fresh page that records console errors, uncaught exceptions and CSP violations. */
type Watched = { page: Page; problems: string[]; cspViolations: () => Promise<string[]> };

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function openPage(): Promise<Watched> {
  context = await browser!.newContext();
  const page = await context.newPage();
  // Init scripts go in through DevTools, outside the page's CSP: they can watch it.
  // (A string: the project compiles without the DOM library.)
  await page.addInitScript({
    content:
      "window.__cspViolations = [];" +
      "document.addEventListener('securitypolicyviolation', (e) =>" +
      " window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));",
  });
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    const url = message.location().url;
    // Chromium asks every origin for /favicon.ico on its own; the API serves none, so that 404 is
    // the browser's, not the page's (which links no icon).
    if (url === `${baseUrl}/favicon.ico`) return;
    // The API's 4xx answers under test (weak password, unknown link) are logged by Chromium as
    // failed loads of that API call; nothing else may fail to load.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text) && url.startsWith(`${baseUrl}/v1/setup/`)) {
      return;
    }
    problems.push(`console.error: ${text}${url ? ` (${url})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("requestfailed", (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ""}`));
  return {
    page,
    problems,
    cspViolations: () => page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("the setup page in Chromium", () => {
  it("opens the mailed link, shows a refused password next to its field, then sets the account up", async () => {
    const invited = await h.call("POST", "/v1/users", { token: ownerToken, body: { email: EMAIL, role: "OPERATOR" } });
    expect(invited.status).toBe(201);

    // The link as mailed, not the API's answer: this proves the mail's link works.
    const mails = await h.mailsTo(EMAIL);
    expect(mails).toHaveLength(1);
    const text = mails[0]!.body.text ?? "";
    const link = new RegExp(`${escapeRegExp(baseUrl)}/setup#token=st\\.usr_[0-9a-z]+\\.[A-Za-z0-9_-]{43}`).exec(text)?.[0];
    expect(link, `no setup link for ${baseUrl} in the mail's text:\n${text}`).toBeDefined();

    const { page, problems, cspViolations } = await openPage();
    await page.goto(link!);
    await expect.poll(() => page.locator("#setup-email").textContent(), WAIT).toBe(EMAIL);
    expect(page.url()).not.toContain("#token=");

    // Step 1 with a password the server refuses; the page only hints at length, so it goes through.
    await page.locator("#displayName").fill("Browser User");
    await page.locator("#password").fill("password12345");
    await page.locator("#to-authenticator").click();

    // Step 2: the key as an authenticator app would read it.
    const secretBox = page.locator("#totp-secret");
    await secretBox.waitFor({ state: "visible", ...WAIT });
    await expect.poll(() => secretBox.getAttribute("data-secret"), WAIT).toMatch(/^[A-Z2-7]{16,}$/);
    const secret = (await secretBox.getAttribute("data-secret"))!;
    // The harness clock is frozen at its start: the server judges codes by it.
    const step = stepOf(h.clock.now());
    await page.locator("#totpCode").fill(totpAt(secret, step));
    await page.locator("#complete").click();

    // The refusal lands next to the password field, and nothing is set up.
    const passwordError = page.locator("#error-password");
    await passwordError.waitFor({ state: "visible", ...WAIT });
    expect(await passwordError.textContent()).toMatch(/too easy to guess|weak/i);
    expect(await page.locator("#password").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#setup-success").isVisible()).toBe(false);
    expect(await page.locator("#error-totpCode").isVisible()).toBe(false);
    expect(await page.locator("#page-error").isVisible()).toBe(false);

    // A code is only spent on success: the same step still counts.
    await page.locator("#password").fill(GOOD_PASSWORD);
    await expect.poll(() => passwordError.isVisible(), WAIT).toBe(false);
    await page.locator("#totpCode").fill(totpAt(secret, step));
    await page.locator("#complete").click();

    const success = page.locator("#setup-success");
    await success.waitFor({ state: "visible", ...WAIT });
    expect(await success.textContent()).toContain(EMAIL);
    expect(await page.locator("#setup-form").isVisible()).toBe(false);
    expect(await page.locator("#page-error").isVisible()).toBe(false);

    // The account works: password plus the next code.
    const login = await h.call("POST", "/v1/auth/login", { body: { email: EMAIL, password: GOOD_PASSWORD, totpCode: totpAt(secret, step + 1) } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    expect(login.body.user.email).toBe(EMAIL);

    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("says an unknown link is not valid and drops the token from the address bar", async () => {
    const { page, problems, cspViolations } = await openPage();
    await page.goto(`${baseUrl}/setup#token=${"x".repeat(43)}`);

    const pageError = page.locator("#page-error");
    await pageError.waitFor({ state: "visible", ...WAIT });
    expect(await pageError.textContent()).toMatch(/This link is not valid/);
    expect(page.url()).not.toContain("#token=");
    expect(page.url()).toBe(`${baseUrl}/setup`);
    expect(await page.locator("#setup-form").isVisible()).toBe(false);
    expect(await page.locator("#setup-loading").isVisible()).toBe(false);

    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
