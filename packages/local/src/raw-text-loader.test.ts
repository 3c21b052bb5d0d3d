import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** The node flags `npm start` runs main.ts with, from package.json's own script. */
async function startFlags(): Promise<string[]> {
  const { scripts } = JSON.parse(await readFile(`${REPO_ROOT}package.json`, "utf8")) as { scripts: { start: string } };
  const words = scripts.start.split(/\s+/);
  expect(words.at(-1)).toBe("packages/local/src/main.ts");
  return words.slice(words.indexOf("node") + 1, -1);
}

/** Runs an ES module under those flags, from the repository root; answers what it printed. */
async function runWithStartFlags(source: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [...(await startFlags()), "--input-type=module", "--eval", source], { cwd: REPO_ROOT });
  return stdout;
}

describe("the `?raw` loader of npm start", () => {
  it("lets the page router load and serve the browser's files as they are", async () => {
    const printed = await runWithStartFlags(`
      const { pages } = await import("./packages/http/src/pages/router.tsx");
      const served = {};
      for (const name of ["setup.js", "roster.css", "api-reference.js"]) {
        const response = await pages.request("/assets/" + name);
        served[name] = { type: response.headers.get("content-type"), body: await response.text() };
      }
      console.log(JSON.stringify(served));
    `);
    const served = JSON.parse(printed) as Record<string, { type: string; body: string }>;
    for (const [name, type] of [["setup.js", "text/javascript"], ["roster.css", "text/css"], ["api-reference.js", "text/javascript"]] as const) {
      expect(served[name]?.type).toMatch(new RegExp(`^${type}`));
      expect(served[name]?.body).toBe(await readFile(`${REPO_ROOT}packages/http/src/pages/assets/${name}`, "utf8"));
    }
  });

  it("answers a script imported `?raw` as its text without running it, and other imports as before", async () => {
    const printed = await runWithStartFlags(`
      const text = (await import("./packages/http/src/pages/assets/setup.js?raw")).default;
      const { PAGE_CSP } = await import("./packages/http/src/pages/router.tsx");
      console.log(JSON.stringify({ text, csp: PAGE_CSP, document: typeof document }));
    `);
    const { text, csp, document } = JSON.parse(printed) as { text: string; csp: string; document: string };
    expect(text).toBe(await readFile(`${REPO_ROOT}packages/http/src/pages/assets/setup.js`, "utf8"));
    expect(csp).toContain("script-src 'self'");
    // Had setup.js run, it would have failed on `document` (Node has none) before printing.
    expect(document).toBe("undefined");
  });
});
