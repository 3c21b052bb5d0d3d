import { Hono } from "hono";
import type { Context } from "hono";
// The browser's files as text, served as they are (see assets/raw-text.d.ts for who loads `?raw`).
import docsJs from "./assets/docs.js?raw";
import docsDocumentJs from "./assets/docs/document.js?raw";
import docsDomJs from "./assets/docs/dom.js?raw";
import docsExamplesJs from "./assets/docs/examples.js?raw";
import docsNavigationJs from "./assets/docs/navigation.js?raw";
import docsOperationsJs from "./assets/docs/operations.js?raw";
import docsPagesJs from "./assets/docs/pages.js?raw";
import docsSchemaJs from "./assets/docs/schema.js?raw";
import docsStatusTextJs from "./assets/docs/status-text.js?raw";
import docsTokenJs from "./assets/docs/token.js?raw";
import docsTryItJs from "./assets/docs/try-it.js?raw";
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
  "/assets/docs.js": docsJs,
  "/assets/docs/document.js": docsDocumentJs,
  "/assets/docs/dom.js": docsDomJs,
  "/assets/docs/examples.js": docsExamplesJs,
  "/assets/docs/navigation.js": docsNavigationJs,
  "/assets/docs/operations.js": docsOperationsJs,
  "/assets/docs/pages.js": docsPagesJs,
  "/assets/docs/schema.js": docsSchemaJs,
  "/assets/docs/status-text.js": docsStatusTextJs,
  "/assets/docs/token.js": docsTokenJs,
  "/assets/docs/try-it.js": docsTryItJs,
};

/** The headers of every HTML page: its CSP, no sniffing, no framing. */
export function pageHeaders(c: Context) {
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
/** The console's stylesheets: the shared one, then each group of pages' own. */
export const CONSOLE_STYLESHEETS: Readonly<Record<string, string>> = {
  "/assets/console.css": consoleCss,
  "/assets/console/team.css": consoleTeamCss,
  "/assets/console/tenants.css": consoleTenantsCss,
  "/assets/console/records.css": consoleRecordsCss,
};
for (const [path, text] of Object.entries(CONSOLE_STYLESHEETS)) pages.get(path, asset(text, "text/css; charset=utf-8"));
for (const [path, text] of Object.entries(SCRIPTS)) pages.get(path, asset(text, "text/javascript; charset=utf-8"));
