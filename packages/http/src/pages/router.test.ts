import { build, type Plugin } from "esbuild";
import { readdir, readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { API_REFERENCE_SCRIPT_PATH, API_REFERENCE_STYLESHEET_PATH } from "./api-reference-page";
import { pages, SCRIPTS } from "./router";
import { SCALAR_BUNDLE_PATH } from "./scalar-bundle";
import { scalarBundleFile } from "./scalar-bundle-file";

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
  it("answers Scalar's reference page: Roster's stylesheet and module, the bundle preloaded, the page not cached", async () => {
    const { response, body } = await get("/docs");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(body).toContain(`<script type="module" src="${API_REFERENCE_SCRIPT_PATH}"></script>`);
    expect(body).toContain(`<link rel="stylesheet" href="${API_REFERENCE_STYLESHEET_PATH}"/>`);
    expect(body).toContain(`<link rel="preload" href="${SCALAR_BUNDLE_PATH}" as="script"/>`);
    expect(body).toContain('id="reference"');
  });

  it("allows inline styles, which Scalar applies, and nothing else beyond the pages' policy", async () => {
    const { response } = await get("/docs");
    const directives = Object.fromEntries(
      (response.headers.get("content-security-policy") ?? "").split(";").map((directive) => {
        const [name, ...sources] = directive.trim().split(/\s+/);
        return [name, sources.join(" ")];
      }),
    );
    expect(directives).toMatchObject({ "default-src": "'self'", "script-src": "'self'", "style-src": "'self' 'unsafe-inline'", "connect-src": "'self'", "img-src": "'self' data:" });
    expect((await get("/setup")).response.headers.get("content-security-policy")).toContain("style-src 'self';");
  });
});

describe("Scalar's bundle", () => {
  it("is the installed package's file, gzipped when the browser takes gzip, with an ETag per representation", async () => {
    const file = await readFile(scalarBundleFile());
    const plain = await pages.request(SCALAR_BUNDLE_PATH);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=300");
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("vary")).toBe("Accept-Encoding");
    expect(plain.headers.get("content-encoding")).toBeNull();
    // (Buffer.equals: a deep comparison of 4.9 MB takes vitest half a minute.)
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);

    const gzipped = await pages.request(SCALAR_BUNDLE_PATH, { headers: { "Accept-Encoding": "gzip, deflate, br" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    const compressed = Buffer.from(await gzipped.arrayBuffer());
    expect(compressed.length).toBeLessThan(file.length / 2);
    expect(gunzipSync(compressed).equals(file)).toBe(true);
    expect(gzipped.headers.get("etag")).not.toBe(plain.headers.get("etag"));
  });

  it("answers 304 to a browser that holds the same representation", async () => {
    const first = await pages.request(SCALAR_BUNDLE_PATH, { headers: { "Accept-Encoding": "gzip" } });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+-gzip"$/);
    const again = await pages.request(SCALAR_BUNDLE_PATH, { headers: { "Accept-Encoding": "gzip", "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // The other representation's tag does not match this one.
    const plain = await pages.request(SCALAR_BUNDLE_PATH, { headers: { "If-None-Match": etag } });
    expect(plain.status).toBe(200);
  });
});

const ENTRIES = ["/assets/setup.js", API_REFERENCE_SCRIPT_PATH, "/assets/console.js"];
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
  it.each([["/assets/roster.css", /^text\/css/] as const, [API_REFERENCE_STYLESHEET_PATH, /^text\/css/] as const, ...SCRIPT_PATHS.map((path) => [path, /^text\/javascript/] as const)])(
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

  it.each(["/assets/roster.css", API_REFERENCE_STYLESHEET_PATH, ...SCRIPT_PATHS])("%s is the file as it is in the repository", async (path) => {
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
      expect(script.attrs).toMatch(/\bsrc="\/assets\/[a-z-]+\.js"/);
      expect(script.attrs).toMatch(/\btype="module"/);
    }
    expect(body).not.toMatch(/<style\b/i);
    expect(body).not.toMatch(/\sstyle="/i);
    expect(body).not.toMatch(/\son[a-z]+="/i);
  });
});
