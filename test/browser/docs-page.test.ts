import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible, expectNoSidewaysScroll } from "./console-page";
import { browserSuite, watchedPage, type WatchedPage } from "./served-app";

/**
 * GET /docs in a real headless Chromium against the real app served over HTTP: Scalar's API
 * reference, its bundle served by Roster, renders /openapi.json under the page's CSP, and nothing
 * the page loads or sends goes to another host.
 */

const WAIT = { timeout: 15_000 };

let baseUrl: string;
type Operation = { method: string; path: string; summary: string; tag: string };
let operations: Operation[];
let title: string;

const { newContext } = browserSuite((app) => {
  ({ baseUrl } = app);
});

beforeAll(async () => {
  // What the reference must show, read from the document it renders: the routes' own summaries.
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
    info: { title: string };
    paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
  };
  title = document.info.title;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, summary: operation.summary ?? "", tag: operation.tags?.[0] ?? "" })),
  );
});

/**
 * The reference in a fresh context whose every request is checked on its way out: one for
 * another origin is refused and recorded in `elsewhere` (and shows in `problems` as a failed load).
 */
async function openReference(): Promise<WatchedPage & { requested: URL[]; elsewhere: string[] }> {
  const context: BrowserContext = await newContext();
  const requested: URL[] = [];
  const elsewhere: string[] = [];
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    requested.push(url);
    if (url.origin !== baseUrl) {
      elsewhere.push(url.href);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  const watched = await watchedPage(context, baseUrl);
  await watched.page.goto(`${baseUrl}/docs`);
  await watched.page.getByRole("heading", { name: title, level: 1 }).waitFor(WAIT);
  return { ...watched, requested, elsewhere };
}

/** The request samples on the page now, as their code blocks show them. */
const samples = (page: Page) => page.locator("pre").allTextContents();

describe("the API reference in Chromium", () => {
  it("renders Roster's operations from Roster alone: no other host, no CSP violation, no console error", async () => {
    const { page, problems, cspViolations, requested, elsewhere } = await openReference();
    const { origin } = new URL(baseUrl);

    // The first group opens on arrival; each of its operations is listed by its summary.
    const first = operations.filter((operation) => operation.tag === operations[0]!.tag);
    expect(first.length).toBeGreaterThan(0);
    for (const operation of first) {
      expect(operation.summary, `${operation.method} ${operation.path} has a summary`).not.toBe("");
      await expect.poll(() => page.getByText(operation.summary, { exact: true }).first().isVisible(), WAIT).toBe(true);
    }
    await expectAccessible(page, "the API reference");

    // Scalar came from Roster, and so did everything else the page asked for.
    const paths = requested.map((url) => url.pathname);
    expect(paths).toEqual(expect.arrayContaining(["/docs", "/assets/api-reference.js", "/assets/scalar/standalone.js", "/openapi.json"]));
    // Preloaded, then run from the preload: the 4.9 MB bundle is fetched once.
    expect(paths.filter((path) => path === "/assets/scalar/standalone.js")).toHaveLength(1);
    expect(requested.filter((url) => url.origin !== origin).map((url) => url.href)).toEqual([]);
    expect(elsewhere).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("finds an operation by search and shows it in curl, JavaScript and Python", async () => {
    const { page, problems, cspViolations, elsewhere } = await openReference();
    const invite = operations.find((operation) => operation.method === "post" && operation.path === "/v1/users");
    if (!invite?.summary) throw new Error("POST /v1/users has no summary in /openapi.json");

    await page.getByRole("button", { name: /Open Search/ }).click();
    await page.getByRole("combobox", { name: "Enter search query" }).fill(invite.summary);
    const found = page.getByRole("option").filter({ hasText: invite.summary }).filter({ hasText: "/v1/users" }).first();
    await found.click(WAIT);
    await page.getByRole("heading", { name: invite.summary }).first().waitFor(WAIT);

    // The client tabs set the language of every sample; each names the operation's URL on this origin.
    const url = `${baseUrl}/v1/users`;
    const escaped = url.replace(/[.]/g, "\\.");
    const languages = [
      ["JavaScript", new RegExp(`fetch\\(['"]${escaped}['"]`)],
      ["Python", new RegExp(`requests\\.post\\(\\s*['"]${escaped}['"]`)],
      ["Shell", new RegExp(`curl ${escaped}[\\s\\S]*--request POST`)],
    ] as const;
    for (const [tab, sample] of languages) {
      await page.getByRole("tab", { name: tab, exact: true }).first().click();
      await expect.poll(() => samples(page), WAIT).toContainEqual(expect.stringMatching(sample));
    }

    // A phone's width: the reference fits, nothing scrolls sideways.
    await expectNoSidewaysScroll(page, "the API reference");
    expect(elsewhere).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
