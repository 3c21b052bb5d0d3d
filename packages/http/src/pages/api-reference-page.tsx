import { raw } from "hono/html";
import { SCALAR_BUNDLE_PATH } from "./scalar-bundle";

/** The module that configures Scalar, loads its bundle and mounts the reference. */
export const API_REFERENCE_SCRIPT_PATH = "/assets/api-reference.js";

/** Roster's adjustments to Scalar's theme. */
export const API_REFERENCE_STYLESHEET_PATH = "/assets/api-reference.css";

/**
 * GET /docs: Scalar's API reference, rendered in the browser from /openapi.json (same origin), so
 * it never drifts from the routes. The page carries no inline code: one same-origin module does
 * the rest, and the preload starts the bundle's download while that module loads.
 */
export function ApiReferencePage() {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex, nofollow" />
          <title>API reference · Roster</title>
          {/* No icon to fetch: browsers would otherwise ask for /favicon.ico and log a 404. */}
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={API_REFERENCE_STYLESHEET_PATH} />
          <link rel="preload" href={SCALAR_BUNDLE_PATH} as="script" />
          <script type="module" src={API_REFERENCE_SCRIPT_PATH}></script>
        </head>
        <body>
          <noscript>
            <p>
              This reference is rendered in the browser: turn on JavaScript, or read <a href="/openapi.json">/openapi.json</a> directly.
            </p>
          </noscript>
          <div id="reference"></div>
        </body>
      </html>
    </>
  );
}
