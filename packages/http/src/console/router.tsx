import { Policy, Session, User } from "@roster/core";
import { Hono, type Context } from "hono";
import { setAnswerHeader } from "../middleware/answer-header";
import { pageHeaders } from "../pages/router";
import { accountPages } from "./account";
import { apiClientPages } from "./api-clients";
import { auditPages } from "./audit";
import type { ConsoleEnv } from "./env";
import { consoleErrorHandler, errorPage } from "./error-pages";
import { readCheckedForm } from "./forms";
import { sameOrigin, signedIn } from "./guard";
import { portalPages } from "./portal";
import { clearSessionCookie } from "./session-cookie";
import { Shell } from "./shell";
import { confirmAuthenticator, signIn, signInPage } from "./sign-in";
import { ssoPages } from "./sso";
import { teamPages } from "./team";
import { tenantPages } from "./tenants";

/**
 * The web console: server-rendered pages over the same core verbs as the API (the console never
 * calls Roster's HTTP API). Every middleware here is scoped to the console's own paths: mounted
 * at `/`, a `*` would reach the API's routes too.
 */
export const consoleRoutes = new Hono<ConsoleEnv>();
consoleRoutes.onError(consoleErrorHandler);

const PATHS = ["/console", "/console/*", "/portal/*"];
for (const path of PATHS) {
  consoleRoutes.use(path, async (c, next) => {
    await next();
    const set = (name: string, value: string) => setAnswerHeader(c, name, value);
    pageHeaders(c, c.var.formTargets, set);
    // Nothing leaves for another origin, but the console's own forms must say where they come from.
    set("Referrer-Policy", "same-origin");
  });
  consoleRoutes.use(path, sameOrigin());
}

consoleRoutes.get("/", (c) => c.redirect("/console", 302));

consoleRoutes.get("/console/sign-in", signInPage);
consoleRoutes.post("/console/sign-in", signIn);
consoleRoutes.post("/console/sign-in/authenticator", confirmAuthenticator);

consoleRoutes.post("/console/sign-out", signedIn(), async (c) => {
  await readCheckedForm(c);
  await Session.logout(c.var.deps, c.var.principal.actor, c.var.requestContext);
  clearSessionCookie(c);
  return c.redirect("/console/sign-in", 303);
});

/** The first page a person's role can use. */
consoleRoutes.get("/console", signedIn(), async (c) => {
  const principal = c.var.principal;
  if (Policy.can(principal, "users:read")) return c.redirect("/console/team", 302);
  if (Policy.can(principal, "console:staff")) return c.redirect("/console/tenants", 302);
  const { memberships } = await User.me(c.var.deps, principal);
  if (memberships.length === 1) return c.redirect(`/portal/${memberships[0]!.tenant.slug}`, 302);
  return chooser(c, memberships);
});

function chooser(c: Context<ConsoleEnv>, memberships: User.MembershipSummary[]) {
  return c.html(
    <Shell title="Your tenants" principal={c.var.principal} csrf={c.var.csrf}>
      <section class="card">
        <h1>Your tenants</h1>
        {memberships.length === 0 ? (
          <p>You have no access to any tenant yet. Ask your company's admin to add you.</p>
        ) : (
          <ul class="link-list">
            {memberships.map((m) => (
              <li>
                <a href={`/portal/${m.tenant.slug}`}>{m.tenant.name}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Shell>,
  );
}

for (const pages of [teamPages, tenantPages, apiClientPages, auditPages, ssoPages, accountPages, portalPages]) consoleRoutes.route("/", pages);

// Last: any other console address is the console's 404 page, for the signed-in and the signed-out alike.
for (const path of ["/console/*", "/portal/*"]) consoleRoutes.all(path, (c) => errorPage(c, 404, "There is nothing here, or nothing you can see. Check the address, or start from the console."));
