import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { GlobalRole, Scope, TenantRole } from "../catalog";
import { PERSON_CLIENT_ID, type RosterIdentity } from "../identity";
import { refusal } from "./challenge";
import type { RosterEnv } from "./env";

function identityOf(c: Context<RosterEnv>, guard: string): RosterIdentity {
  // Typed as always there, but only rosterAuth puts it there: a guard mounted before it is a bug
  // that must not read as "nobody may pass" (or worse, as everybody).
  const identity: RosterIdentity | undefined = c.var.roster;
  if (!identity) throw new Error(`${guard} needs rosterAuth to run before it on this route.`);
  return identity;
}

/** Lets through a token that holds every one of the scopes (people hold none: this is for API clients). */
export function requireScope(...scopes: [Scope, ...Scope[]]): MiddlewareHandler<RosterEnv> {
  return createMiddleware<RosterEnv>(async (c, next) => {
    const held = identityOf(c, "requireScope").scope;
    const missing = scopes.filter((scope) => !held.includes(scope));
    if (missing.length > 0) {
      throw refusal(c, 403, { error: "insufficient_scope", scope: missing.join(" "), description: `The token lacks the scope ${missing.join(" ")}.` });
    }
    await next();
  });
}

/**
 * Lets through a person whose global role is one of these. API clients never pass: a DELEGATED
 * client's token says `SUPER_ADMIN` (it acts for the workspace) however narrow its scope, so a
 * client is admitted by what it was given (requireScope), never by a role.
 */
export function requireRole(...roles: [GlobalRole, ...GlobalRole[]]): MiddlewareHandler<RosterEnv> {
  return createMiddleware<RosterEnv>(async (c, next) => {
    const { role, clientId } = identityOf(c, "requireRole");
    if (clientId !== PERSON_CLIENT_ID) throw refusal(c, 403, { error: "insufficient_scope", description: "API clients are admitted by scope, not by role." });
    if (!role || !roles.includes(role)) throw refusal(c, 403, { error: "insufficient_scope", description: `This needs the role ${roles.join(" or ")}.` });
    await next();
  });
}

/**
 * Lets through a member of the tenant (a slug, or read off the request: `(c) => c.req.param("slug")`),
 * with one of `roles` when given. Only memberships count: a SUPER_ADMIN or VIEWER reaches every
 * tenant in Roster but holds none, so a route open to them as well says so
 * (`some(requireRole("SUPER_ADMIN"), requireTenant(…))` with `hono/combine`). A USER client acts
 * with its creator's memberships, as in Roster, and like there only with the scope `tenants:read`.
 */
export function requireTenant(tenant: string | ((c: Context<RosterEnv>) => string | undefined), roles?: readonly TenantRole[]): MiddlewareHandler<RosterEnv> {
  return createMiddleware<RosterEnv>(async (c, next) => {
    const { tenants, clientId, scope } = identityOf(c, "requireTenant");
    if (clientId !== PERSON_CLIENT_ID && !scope.includes("tenants:read")) {
      throw refusal(c, 403, { error: "insufficient_scope", scope: "tenants:read", description: "The token lacks the scope tenants:read." });
    }
    const slug = typeof tenant === "function" ? tenant(c) : tenant;
    const role = slug !== undefined && Object.hasOwn(tenants, slug) ? tenants[slug] : undefined;
    if (!role) throw refusal(c, 403, { error: "insufficient_scope", description: `The token holds no membership of ${slug === undefined ? "this tenant" : `the tenant ${slug}`}.` });
    if (roles && !roles.includes(role)) throw refusal(c, 403, { error: "insufficient_scope", description: `This needs the tenant role ${roles.join(" or ")} in ${slug}.` });
    await next();
  });
}
