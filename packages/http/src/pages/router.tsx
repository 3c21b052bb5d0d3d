import { Hono } from "hono";
import type { Context } from "hono";
import { etag } from "hono/etag";
// The browser's files as text, served as they are (see assets/raw-text.d.ts for who loads `?raw`).
import apiReferenceCss from "./assets/api-reference.css?raw";
import apiReferenceJs from "./assets/api-reference.js?raw";
import consoleJs from "./assets/console.js?raw";
import consoleCopyJs from "./assets/console/copy.js?raw";
import consoleDialogsJs from "./assets/console/dialogs.js?raw";
import consoleMenusJs from "./assets/console/menus.js?raw";
import consoleCss from "./assets/console.css?raw";
import consoleRecordsCss from "./assets/console/records.css?raw";
import consoleTeamCss from "./assets/console/team.css?raw";
import consoleTenantsCss from "./assets/console/tenants.css?raw";
import rosterCss from "./assets/roster.css?raw";
import setupJs from "./assets/setup.js?raw";
import setupApiJs from "./assets/setup/api.js?raw";
import setupAuthenticatorJs from "./assets/setup/authenticator.js?raw";
import setupLinkJs from "./assets/setup/link.js?raw";
import setupMessagesJs from "./assets/setup/messages.js?raw";
import setupPageJs from "./assets/setup/page.js?raw";
import setupProfileJs from "./assets/setup/profile.js?raw";
import { API_REFERENCE_SCRIPT_PATH, API_REFERENCE_STYLESHEET_PATH, ApiReferencePage } from "./api-reference-page";
import { SCALAR_BUNDLE_PATH, serveScalarBundle } from "./scalar-bundle";
import { SetupPage } from "./setup-page";
import { withFormTargets } from "../middleware/security-headers";

/**
 * The policy the pages are written for: scripts and styles only from this origin, no inline
 * code, QR codes as data: images. Set here too so the pages stay safe even if the app-wide
 * security headers change.
 */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * The API reference's policy: the pages' one, with inline styles, which Scalar applies at run
 * time (see INLINE_STYLE_PATHS). Scripts, connections and everything else stay on this origin.
 */
export const DOCS_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

const ASSET_CACHE = "public, max-age=300";

/**
 * The pages' scripts by URL: each page's entry module (the URL its page loads) and the modules
 * it imports, whose relative URLs (`./setup/api.js`) the browser resolves under /assets/.
 */
export const SCRIPTS: Readonly<Record<string, string>> = {
  "/assets/setup.js": setupJs,
  "/assets/setup/api.js": setupApiJs,
  "/assets/setup/authenticator.js": setupAuthenticatorJs,
  "/assets/setup/link.js": setupLinkJs,
  "/assets/setup/messages.js": setupMessagesJs,
  "/assets/setup/page.js": setupPageJs,
  "/assets/setup/profile.js": setupProfileJs,
  "/assets/console.js": consoleJs,
  "/assets/console/copy.js": consoleCopyJs,
  "/assets/console/dialogs.js": consoleDialogsJs,
  "/assets/console/menus.js": consoleMenusJs,
  [API_REFERENCE_SCRIPT_PATH]: apiReferenceJs,
};

/**
 * The headers of every HTML page: its CSP, no sniffing, no framing. `formTargets`: origins beyond
 * this one that a page's form may end up at (see `formTargets` in env.ts). `set` is how a header
 * is set: `c.header` while the handler answers, setAnswerHeader from a middleware after it has.
 */
export function pageHeaders(c: Context, formTargets: readonly string[] = [], set: (name: string, value: string) => void = c.header) {
  set("Content-Security-Policy", formTargets.length ? withFormTargets(PAGE_CSP, formTargets) : PAGE_CSP);
  set("X-Content-Type-Options", "nosniff");
  set("X-Frame-Options", "DENY");
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
  c.header("Content-Security-Policy", DOCS_CSP);
  c.header("Cache-Control", "no-cache");
  c.header("Referrer-Policy", "no-referrer");
  return c.html(<ApiReferencePage />);
});

// The bundle is read on its first request, not at start-up (see scalar-bundle.ts).
pages.get(SCALAR_BUNDLE_PATH, etag(), (c) => serveScalarBundle(c, ASSET_CACHE));

pages.get("/assets/roster.css", asset(rosterCss, "text/css; charset=utf-8"));
pages.get(API_REFERENCE_STYLESHEET_PATH, asset(apiReferenceCss, "text/css; charset=utf-8"));
/** The console's stylesheets: the shared one, then each group of pages' own. */
export const CONSOLE_STYLESHEETS: Readonly<Record<string, string>> = {
  "/assets/console.css": consoleCss,
  "/assets/console/team.css": consoleTeamCss,
  "/assets/console/tenants.css": consoleTenantsCss,
  "/assets/console/records.css": consoleRecordsCss,
};
for (const [path, text] of Object.entries(CONSOLE_STYLESHEETS)) pages.get(path, asset(text, "text/css; charset=utf-8"));
for (const [path, text] of Object.entries(SCRIPTS)) pages.get(path, asset(text, "text/javascript; charset=utf-8"));
