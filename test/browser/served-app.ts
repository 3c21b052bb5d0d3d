import { serve } from "@hono/node-server";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { findFreePorts } from "../../packages/local/src/free-port";
import { createHarness, type Harness } from "../harness";

const CHROMIUM = "/usr/bin/chromium";

let shared: Promise<Browser> | undefined;

/**
 * One headless Chromium per test worker, shared by the browser test files it runs (each launch
 * costs a second or two of CPU on a 2-core machine); every test opens a context of its own, and
 * Playwright ends the browser with the worker.
 */
function chromiumOnce(): Promise<Browser> {
  shared ??= chromium.launch({
    executablePath: CHROMIUM,
    // Without the background-networking flags Chromium reaches for the internet, which is closed here.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return shared;
}

export type ServedApp = { h: Harness; baseUrl: string; ownerToken: string; browser: Browser; close: () => Promise<void> };

/**
 * The real app served over HTTP on a free loopback port, its owner signed in, and a headless
 * Debian Chromium to drive it: what every browser test opens its pages against.
 */
export type ServedAppOptions = { env?: Record<string, string> };

export async function servedApp(options: ServedAppOptions = {}): Promise<ServedApp> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's Chromium at ${CHROMIUM}, and it is missing. ` +
        "Install it (sudo apt-get install chromium), as the README's test prerequisites say and CI does.",
    );
  }
  const [port] = await findFreePorts(1);
  if (port === undefined) throw new Error("findFreePorts returned no port");
  const baseUrl = `http://127.0.0.1:${port}`;
  const h = await createHarness({ env: { ROSTER_PUBLIC_URL: baseUrl, ...options.env } });
  const ownerToken = (await h.owner()).accessToken;

  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" }, () => resolve(started as Server)) as Server;
    started.once("error", reject);
  });
  const browser = await chromiumOnce();
  async function close() {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { h, baseUrl, ownerToken, browser, close };
}

/** What `browserSuite` gives a test file: its served app, and a fresh browser context per test. */
export type BrowserSuite = {
  /** The file's app, served from its `beforeAll` on. */
  served: () => ServedApp;
  /** A fresh context for the test. One context at a time: the test's previous one is closed. */
  newContext: () => Promise<BrowserContext>;
};

/**
 * Registers a browser test file's hooks: one served app for the whole file (starting it takes
 * seconds), `setup` run on it once before the first test, and the test's context closed after each
 * test, so no test sees another's cookies, pages or storage. `prepare` readies each new context.
 */
export function browserSuite(
  setup?: (app: ServedApp) => Promise<void> | void,
  prepare?: (context: BrowserContext, app: ServedApp) => Promise<void>,
  options: ServedAppOptions = {},
): BrowserSuite {
  let app: ServedApp | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    app = await servedApp(options);
    await setup?.(app);
  });
  afterAll(async () => {
    await app?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  const served = () => {
    if (!app) throw new Error("The served app starts in beforeAll: use it from a hook or a test.");
    return app;
  };
  async function newContext() {
    await context?.close();
    // Downloads are accepted (Playwright's default): the audit log's CSV export is one.
    context = await served().browser.newContext();
    await prepare?.(context, served());
    return context;
  }
  return { served, newContext };
}

/** A page and what went wrong on it: console errors, uncaught exceptions, failed loads, CSP violations. */
export type WatchedPage = { page: Page; problems: string[]; cspViolations: () => Promise<string[]> };

/**
 * A fresh page in a context of its own that records what went wrong on it. `expected(text, url)`
 * names console errors the test itself causes (an API's 4xx under test is logged as a failed load).
 */
export async function watchedPage(context: BrowserContext, baseUrl: string, expected: (text: string, url: string) => boolean = () => false): Promise<WatchedPage> {
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
    if (url === `${baseUrl}/favicon.ico` || expected(text, url)) return;
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
