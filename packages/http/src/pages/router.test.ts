import { describe, expect, it } from "vitest";
import { docsJs } from "./assets/docs.js.js";
import { setupJs } from "./assets/setup.js.js";
import { pages } from "./router";

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

describe("assets", () => {
  it.each([
    ["/assets/roster.css", /^text\/css/],
    ["/assets/setup.js", /^text\/javascript/],
    ["/assets/docs.js", /^text\/javascript/],
  ])("%s answers with its content type and a short public cache", async (path, type) => {
    const { response, body } = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(type);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(body.length).toBeGreaterThan(100);
  });

  it("serves scripts that parse as classic scripts", async () => {
    for (const path of ["/assets/setup.js", "/assets/docs.js"]) {
      const { body } = await get(path);
      expect(() => new Function(body), path).not.toThrow();
    }
    expect(() => new Function(setupJs)).not.toThrow();
    expect(() => new Function(docsJs)).not.toThrow();
  });

  it("never builds markup from strings in the scripts", () => {
    for (const script of [setupJs, docsJs]) {
      expect(script).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(/);
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
    }
    expect(body).not.toMatch(/<style\b/i);
    expect(body).not.toMatch(/\sstyle="/i);
    expect(body).not.toMatch(/\son[a-z]+="/i);
  });
});
