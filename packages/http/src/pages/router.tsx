import { Hono } from "hono";
import type { Context } from "hono";
// The asset modules are named after what they serve (setup.js.ts); the explicit ".js" makes
// every resolver (tsc, tsx, esbuild, vite) map the specifier to that .ts file.
import { docsJs } from "./assets/docs.js.js";
import { rosterCss } from "./assets/roster.css.js";
import { setupJs } from "./assets/setup.js.js";
import { DocsPage } from "./docs-page";
import { SetupPage } from "./setup-page";

/**
 * The policy the pages are written for: scripts and styles only from this origin, no inline
 * code, QR codes as data: images. Set here too so the pages stay safe even if the app-wide
 * security headers change.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const ASSET_CACHE = "public, max-age=300";

function pageHeaders(c: Context) {
  c.header("Content-Security-Policy", PAGE_CSP);
  c.header("X-Content-Type-Options", "nosniff");
  c.header("X-Frame-Options", "DENY");
}

function asset(body: string, contentType: string) {
  return (c: Context) => {
    c.header("Content-Type", contentType);
    c.header("Cache-Control", ASSET_CACHE);
    c.header("X-Content-Type-Options", "nosniff");
    return c.body(body);
  };
}

export const pages = new Hono();

pages.get("/setup", (c) => {
  pageHeaders(c);
  // The page itself holds no secret (the token stays in the fragment), but nothing about a
  // setup ceremony should be cached or leak a Referer.
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(<SetupPage />);
});

pages.get("/docs", (c) => {
  pageHeaders(c);
  c.header("Cache-Control", "no-cache");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(<DocsPage />);
});

pages.get("/assets/roster.css", asset(rosterCss, "text/css; charset=utf-8"));
pages.get("/assets/setup.js", asset(setupJs, "text/javascript; charset=utf-8"));
pages.get("/assets/docs.js", asset(docsJs, "text/javascript; charset=utf-8"));
