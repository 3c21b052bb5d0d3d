import { AuthError, Policy, Tenant, type Principal } from "@roster/core";

/**
 * The portal is for a tenant's members: the reader's live membership of it, as the session's
 * round trip read it, or the 404 page (for a tenant that does not exist, one they are not in, one
 * whose membership ended or was revoked since the last page, and for SUPER_ADMINs and VIEWERs,
 * who reach every tenant but belong to none: they have its console page).
 */
export function portalMembership(principal: Principal, slug: string, now: Date): Policy.TenantMembership {
  const membership = principal.membership;
  if (!membership || membership.slug !== slug || !Policy.isLiveMembership(membership, now)) throw Tenant.TenantError.notFound();
  return membership;
}

/** A member whose tenant role does not grant `permission` sees the 403 page. */
export function requireTenantPermission(principal: Principal, slug: string, now: Date, permission: Policy.TenantPermission): Policy.TenantMembership {
  const membership = portalMembership(principal, slug, now);
  if (!Policy.can(principal, permission, { tenant: slug, now })) throw AuthError.forbidden();
  return membership;
}
