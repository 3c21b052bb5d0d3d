import { build, type Plugin } from "esbuild";
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { pages, SCRIPTS } from "./router";

const SETUP_IDS = [
  "setup-email",
  "displayName",
  "password",
  "to-authenticator",
  "totp-secret",
  "totpCode",
  "complete",
  "error-displayName",
  "error-password",
  "error-totpCode",
  "page-error",
  "setup-success",
];

async function get(path: string) {
  const response = await pages.request(path);
  return { response, body: await response.text() };
}

/** Every <script …>…</script> element of a page, with its attributes and its content. */
function scripts(html: string) {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)].map((m) => ({ attrs: m[1] ?? "", content: m[2] ?? "" }));
}

describe("GET /setup", () => {
  it("answers an uncached HTML page with every element the script drives", async () => {
    const { response, body } = await get("/setup");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(body.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    for (const id of SETUP_IDS) expect(body, id).toContain(`id="${id}"`);
    expect(body).toContain('src="/assets/setup.js"');
    expect(body).toContain('href="/assets/roster.css"');
    expect(body).toContain('data-secret=""');
  });

  it("binds every label to its input and points inputs at their error elements", async () => {
    const { body } = await get("/setup");
    for (const field of ["displayName", "password", "totpCode"]) {
      expect(body).toContain(`for="${field}"`);
      expect(body).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="[^"]*error-${field}`));
    }
    expect(body).toMatch(/id="totpCode"[^>]*inputmode="numeric"/);
    expect(body).toMatch(/id="totpCode"[^>]*autocomplete="one-time-code"/);
    expect(body).toMatch(/id="page-error"[^>]*role="alert"/);
  });
});

describe("GET /docs", () => {
  it("answers an HTML page that loads the docs script", async () => {
    const { response, body } = await get("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(body).toContain('src="/assets/docs.js"');
    expect(body).toContain('id="docs-token"');
    expect(body).toContain('id="docs-view"');
  });
});

const ENTRIES = ["/assets/setup.js", "/assets/docs.js", "/assets/console.js"];
const SCRIPT_PATHS = Object.keys(SCRIPTS);

/**
 * Bundles a page's entry module as the browser would load it: every import resolved against the
 * importer's URL and fetched from the app. Fails on a syntax error, an import of a URL the app
 * does not serve, or an import of a name its module does not export; answers the URLs loaded.
 */
async function linkAsServed(entry: string) {
  const loaded: string[] = [];
  const served: Plugin = {
    name: "served",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => ({ path: new URL(args.path, `http://roster.test${args.importer || "/"}`).pathname, namespace: "served" }));
      b.onLoad({ filter: /.*/, namespace: "served" }, async (args) => {
        const { response, body } = await get(args.path);
        if (response.status !== 200) return { errors: [{ text: `${args.path} answered ${response.status}` }] };
        loaded.push(args.path);
        return { contents: body, loader: "js" };
      });
    },
  };
  await build({ entryPoints: [entry], bundle: true, write: false, format: "esm", logLevel: "silent", plugins: [served] });
  return loaded;
}

describe("assets", () => {
  it.each([["/assets/roster.css", /^text\/css/] as const, ...SCRIPT_PATHS.map((path) => [path, /^text\/javascript/] as const)])(
    "%s answers with its content type and a short public cache",
    async (path, type) => {
      const { response, body } = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(type);
      expect(response.headers.get("cache-control")).toBe("public, max-age=300");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(body.length).toBeGreaterThan(100);
    },
  );

  it.each(["/assets/roster.css", ...SCRIPT_PATHS])("%s is the file as it is in the repository", async (path) => {
    const { body } = await get(path);
    expect(body).toBe(await readFile(new URL(`.${path}`, import.meta.url), "utf8"));
  });

  it("serves every script in assets/", async () => {
    const files = await readdir(new URL("./assets/", import.meta.url), { recursive: true });
    const scripts = files.filter((file) => file.endsWith(".js")).map((file) => `/assets/${file}`);
    expect(scripts.sort()).toEqual([...SCRIPT_PATHS].sort());
  });

  it("serves modules that link from the pages' entries, and only those", async () => {
    const loaded: string[] = [];
    for (const entry of ENTRIES) loaded.push(...(await linkAsServed(entry)));
    expect([...new Set(loaded)].sort()).toEqual([...SCRIPT_PATHS].sort());
  });

  it("never builds markup from strings in the scripts", () => {
    for (const [path, script] of Object.entries(SCRIPTS)) {
      expect(script, path).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(/);
    }
  });
});

describe("CSP safety", () => {
  it.each(["/setup", "/docs"])("%s has no inline script, style or event handler", async (path) => {
    const { response, body } = await get(path);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    const found = scripts(body);
    expect(found.length).toBeGreaterThan(0);
    for (const script of found) {
      expect(script.content.trim()).toBe("");
      expect(script.attrs).toMatch(/\bsrc="\/assets\/[a-z]+\.js"/);
      expect(script.attrs).toMatch(/\btype="module"/);
    }
    expect(body).not.toMatch(/<style\b/i);
    expect(body).not.toMatch(/\sstyle="/i);
    expect(body).not.toMatch(/\son[a-z]+="/i);
  });
});
