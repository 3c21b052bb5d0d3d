import type { Child } from "hono/jsx";
import { raw } from "hono/html";

export type LayoutProps = {
  title: string;
  /**
   * Same-origin URL of the page's entry module (deferred, as every module script is). Pages never
   * carry inline scripts: the CSP allows `script-src 'self'` only.
   */
  script?: string;
  /** `card` centres one narrow card (setup); `app` gives the page the whole width (docs). */
  variant?: "card" | "app";
  children?: Child;
};

export const STYLESHEET_PATH = "/assets/roster.css";

export function Layout({ title, script, variant = "card", children }: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          {/* Setup links carry a token; no page of ours should leak its URL to another origin. */}
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex, nofollow" />
          <title>{title}</title>
          <link rel="stylesheet" href={STYLESHEET_PATH} />
          {/* No icon to fetch: browsers would otherwise ask for /favicon.ico and log a 404. */}
          <link rel="icon" href="data:," />
          {script ? <script type="module" src={script}></script> : null}
        </head>
        <body class={variant === "app" ? "app" : undefined}>
          <a class="skip-link" href="#content">
            Skip to content
          </a>
          {variant === "app" ? (
            children
          ) : (
            <div class="page">
              <div class="brand" aria-hidden="true">
                <span class="brand-mark">R</span>
                <span>Roster</span>
              </div>
              {children}
            </div>
          )}
        </body>
      </html>
    </>
  );
}
