import type { Deps } from "../deps";
import { authorizeTenant, can, isLiveMembership, missingScope, scopesAllow, type Principal } from "../policy";
import { AuthError } from "../error";
import { isLive, membershipsOfUserPage } from "../store/memberships";
import { decodeCursor, encodeCursor, keyString, type Page } from "../store/page";
import { listTenants, readTenant } from "../store/tenants";
import { TenantError, toTenant, type Tenant } from "./tenant";

/** One tenant, for whoever reaches every tenant and for its members; `tenant.not_found` for everyone else. */
export async function get(deps: Pick<Deps, "db" | "clock">, principal: Principal, slug: string): Promise<Tenant> {
  authorizeTenant(principal, "tenant:read", slug, deps.clock.now());
  const item = await readTenant(deps.db, slug);
  if (!item) throw TenantError.notFound();
  return toTenant(item);
}

const SLUG = /^[a-z0-9-]{3,40}$/;

/**
 * Whoever reaches every tenant (SUPER_ADMINs, VIEWERs): all of them, by slug. Everyone else: the
 * tenants of their live memberships (the user side of the membership index), never another's.
 */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: { limit: number; cursor?: string | undefined }): Promise<Page<Tenant>> {
  // A client needs the scope even to list the tenants its creator is a member of.
  if (!scopesAllow(principal.actor, "tenant:read")) throw AuthError.forbidden(missingScope(principal.actor, "tenant:read"));
  const after = query.cursor ? decodeCursor(query.cursor, SLUG) : undefined;
  if (can(principal, "tenants:read")) {
    const page = await listTenants(deps.db, { limit: query.limit, after });
    return { items: page.items.map(toTenant), nextCursor: page.lastKey ? encodeCursor(keyString(page.lastKey, "gsi1sk")) : null };
  }
  // Only a DELEGATED client acts as no user, and it reaches every tenant as an admin does.
  const now = deps.clock.now();
  const page = await membershipsOfUserPage(deps.db, principal.account?.id ?? "", { limit: query.limit, after });
  return {
    items: page.items
      .filter((membership) => isLive(membership, now))
      .map((membership) => toTenant({ slug: membership.tenant.slug, name: membership.tenant.name, createdAt: membership.tenantCreatedAt })),
    nextCursor: page.lastKey ? encodeCursor(keyString(page.lastKey, "gsi2sk")) : null,
  };
}

export type Portal = { tenant: Tenant; membership: { role: string; expiresAt: string | null; grantedAt: string } };

/**
 * A member entering its tenant: the tenant and its own membership. For members only: reaching
 * every tenant (a SUPER_ADMIN holds no membership) is not being one, and hears 404 like anyone else.
 */
export async function portal(deps: Pick<Deps, "db" | "clock">, principal: Principal, slug: string): Promise<Portal> {
  const now = deps.clock.now();
  const membership = principal.membership;
  if (!membership || membership.slug !== slug || !isLiveMembership(membership, now)) throw TenantError.notFound();
  const tenant = await get(deps, principal, slug);
  return { tenant, membership: { role: membership.role, expiresAt: membership.expiresAt, grantedAt: membership.grantedAt } };
}
