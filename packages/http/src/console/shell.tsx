import { Policy, type Auth } from "@roster/core";
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { PageHead } from "../pages/layout";
import { CONSOLE_STYLESHEETS } from "../pages/router";

export const CONSOLE_SCRIPT_PATH = "/assets/console.js";

/** A notice above the page's content: what just happened, or why it did not. */
export type Flash = { kind: "success" | "error"; message: string };

type Section = { href: string; label: string; visible: (principal: Auth.ConsolePrincipal) => boolean };

/** The console's sections, each shown to whoever the policy lets read it. */
const SECTIONS: Section[] = [
  { href: "/console/team", label: "Team", visible: (p) => Policy.can(p, "users:read") },
  { href: "/console/tenants", label: "Tenants", visible: (p) => Policy.can(p, "console:staff") },
  { href: "/console/api-clients", label: "API clients", visible: (p) => Policy.can(p, "api-clients:read") },
  { href: "/console/audit", label: "Audit log", visible: (p) => Policy.can(p, "audit:read") },
  { href: "/console/sso", label: "Single sign-on", visible: (p) => Policy.can(p, "sso:read") },
  { href: "/console/account", label: "Account", visible: () => true },
];

export type ShellProps = {
  title: string;
  /** The signed-in person; absent on the sign-in pages. */
  principal?: Auth.ConsolePrincipal | undefined;
  csrf?: string | undefined;
  /** The URL of the section this page belongs to, marked as current in the navigation. */
  section?: string | undefined;
  flash?: Flash | undefined;
  children?: Child;
};

/** Every console page: a header with the sections and Sign out, then the page's own content. */
export function Shell({ title, principal, csrf, section, flash, children }: ShellProps) {
  return (
    <>
      {raw("<!doctype html>")}
      <html lang="en">
        {/* Same-origin: a form posted from here carries its Origin (with no-referrer it would be "null", and refused). */}
        <PageHead title={`${title} · Roster`} referrer="same-origin" stylesheets={Object.keys(CONSOLE_STYLESHEETS)} script={CONSOLE_SCRIPT_PATH} />
        <body class="console">
          <a class="skip-link" href="#content">
            Skip to content
          </a>
          <header class="console-header">
            <a class="brand" href="/console">
              <span class="brand-mark" aria-hidden="true">
                R
              </span>
              <span>Roster</span>
            </a>
            {principal ? (
              <>
                <nav aria-label="Console">
                  <ul>
                    {SECTIONS.filter((s) => s.visible(principal)).map((s) => (
                      <li>
                        <a href={s.href} aria-current={section === s.href ? "page" : undefined}>
                          {s.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                <form class="sign-out" method="post" action="/console/sign-out">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <span class="who">{principal.account?.email}</span>
                  <button class="secondary" type="submit">
                    Sign out
                  </button>
                </form>
              </>
            ) : null}
          </header>
          <main id="content" tabindex={-1}>
            {flash ? (
              <p class={`notice notice-${flash.kind}`} role={flash.kind === "error" ? "alert" : "status"}>
                {flash.message}
              </p>
            ) : null}
            {children}
          </main>
        </body>
      </html>
    </>
  );
}
