import type { Child } from "hono/jsx";
import { raw } from "hono/html";

export type LayoutProps = {
  title: string;
  /**
   * Same-origin URL of the page's entry module (deferred, as every module script is). Pages never
   * carry inline scripts: the CSP allows `script-src 'self'` only.
   */
  script?: string;
  children?: Child;
};

export const STYLESHEET_PATH = "/assets/roster.css";

export type PageHeadProps = {
  title: string;
  /** What a link or a form from this page tells the next one of where it came from. */
  referrer: "no-referrer" | "same-origin";
  /** Stylesheets after roster.css, which every page builds on. */
  stylesheets?: string[];
  script?: string | undefined;
};

/** The `<head>` every page of Roster's has: no inline code, no third-party host, no indexing. */
export function PageHead({ title, referrer, stylesheets = [], script }: PageHeadProps) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="color-scheme" content="light dark" />
      <meta name="referrer" content={referrer} />
      <meta name="robots" content="noindex, nofollow" />
      <title>{title}</title>
      {[STYLESHEET_PATH, ...stylesheets].map((href) => (
        <link rel="stylesheet" href={href} />
      ))}
      {/* No icon to fetch: browsers would otherwise ask for /favicon.ico and log a 404. */}
      <link rel="icon" href="data:," />
      {script ? <script type="module" src={script}></script> : null}
    </head>
  );
}

/** A page of one narrow card, centred (setup). */
export function Layout({ title, script, children }: LayoutProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        {/* Setup links carry a token; no page of ours should leak its URL to another origin. */}
        <PageHead title={title} referrer="no-referrer" script={script} />
        <body>
          <a class="skip-link" href="#content">
            Skip to content
          </a>
          <div class="page">
            <div class="brand" aria-hidden="true">
              <span class="brand-mark">R</span>
              <span>Roster</span>
            </div>
            {children}
          </div>
        </body>
      </html>
    </>
  );
}
