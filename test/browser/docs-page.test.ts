import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { browserSuite, watchedPage, type WatchedPage } from "./served-app";

/**
 * The API reference in a real headless Chromium against the real app served over HTTP: its entry
 * module and the modules it imports load under the page's CSP, render /openapi.json, and "Try it"
 * sends requests, with the bearer token where the operation takes one.
 */

const WAIT = { timeout: 10_000 };

let ownerToken: string;
let baseUrl: string;

const { newContext } = browserSuite((app) => {
  ({ ownerToken, baseUrl } = app);
});

/** The docs page, recording console errors, uncaught exceptions, failed loads and CSP violations. */
async function openDocs(): Promise<WatchedPage> {
  const watched = await watchedPage(await newContext(), baseUrl);
  await watched.page.goto(`${baseUrl}/docs`);
  return watched;
}

/** Opens the operation at `path` from the list on the left, sends it with "Try it", answers the status shown. */
async function tryOperation(page: Page, path: string) {
  await page.locator("#docs-filter").fill(path);
  await page.locator("a.op-link", { has: page.locator(".op-path", { hasText: new RegExp(`^${path.replace(/[.]/g, "\\.")}$`) }) }).click();
  await expect.poll(() => page.locator("#docs-view h2 .path").textContent(), WAIT).toBe(path);
  await page.locator(".try button", { hasText: "Send" }).click();
  const status = page.locator(".response-out .status-code");
  await status.waitFor({ state: "visible", ...WAIT });
  return { status: await status.textContent(), body: await page.locator(".response-out pre.json").textContent() };
}

describe("the docs page in Chromium", () => {
  it("renders the API description and sends requests from Try it", async () => {
    const { page, problems, cspViolations } = await openDocs();
    await page.locator("a.op-link").first().waitFor(WAIT);
    expect(await page.locator("#docs-view h1").textContent()).toMatch(/API/);
    expect(await page.locator("a.op-link").count()).toBeGreaterThan(10);

    // The filter narrows the list; the fragment names the operation, the list marks it.
    const health = await tryOperation(page, "/health");
    expect(page.url()).toMatch(/#op\//);
    expect(await page.locator("a.op-link[aria-current='page'] .op-path").textContent()).toBe("/health");
    expect(await page.title()).toBe("GET /health · Roster API");
    expect(health.status).toBe("200");
    expect(JSON.parse(health.body ?? "")).toEqual({ status: "ok" });

    // The pasted token goes with the operations that take one.
    await page.locator("#docs-token").fill(ownerToken);
    const me = await tryOperation(page, "/v1/me");
    expect(me.status).toBe("200");
    expect(me.body).toContain('"email"');

    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
