import { Auth, AuthError, Tenant, User } from "@roster/core";
import { isIdShaped } from "@roster/core/crypto/random";
import { csrf } from "hono/csrf";
import { createMiddleware } from "hono/factory";
import type { ConsoleEnv } from "./env";
import { csrfTokenOf, readSessionCookie } from "./session-cookie";

/**
 * A form posted to the console must come from a page of Roster's own origin: Hono's CSRF
 * middleware compares the request's `Origin` with the public URL's (never the Host header, which
 * a proxy may rewrite), and refuses otherwise with 403. Fetch metadata alone does not let a
 * request through: a request without `Origin` is refused too.
 */
export const sameOrigin = () =>
  csrf({
    origin: (origin, c) => origin === new URL(c.get("deps").settings.publicUrl).origin,
    secFetchSite: () => false,
  });

/**
 * The signed-in person, from the session cookie, in the one round trip every page costs (with the
 * tenant's membership on a tenant page). No cookie, or a session that ended (signed out, idle,
 * past its lifetime, cut by a deactivation, a reset or a removal), leads to sign-in: the error
 * handler sends the person there and back.
 */
export const signedIn = (options: { tenantParam?: string } = {}) =>
  createMiddleware<ConsoleEnv>(async (c, next) => {
    const cookie = readSessionCookie(c);
    if (!cookie) throw AuthError.unauthenticated();
    const named = options.tenantParam ? c.req.param(options.tenantParam) : undefined;
    const tenant = named !== undefined && Tenant.SlugSchema.safeParse(named).success ? named : undefined;
    c.set("principal", await Auth.authenticateConsole(c.var.deps, cookie, { tenant }));
    // What is not a slug or an id names nothing: the page's verbs would read it as a key DynamoDB
    // refuses (past 2,048 bytes), a 500 instead of the 404 page that any not-found code gets.
    if (named !== undefined && tenant === undefined) throw Tenant.TenantError.notFound();
    for (const name of ["id", "userId"]) {
      const id = c.req.param(name);
      if (id !== undefined && !isIdShaped(id)) throw User.UserError.notFound();
    }
    c.set("csrf", csrfTokenOf(cookie));
    await next();
  });
