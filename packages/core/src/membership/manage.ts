import type { Role } from "../actor";
import { authorize, authorizeTenant, type Principal } from "../policy";
import type { TenantRole } from "../store/memberships";

/**
 * Granting, revoking or inviting at all: whoever may manage the tenant's client users (SUPER_ADMINs,
 * the tenant's CLIENT_ADMINs). Checked before anything else is read, so a member who may not
 * manage hears 403 at once, and cannot tell from the answer whether some user holds a membership
 * (404 `membership.not_found` comes only after this).
 */
export const authorizeManager = (principal: Principal, slug: string, now: Date) => authorizeTenant(principal, "tenant:clients:write", slug, now);

/** Beyond a client user with a client role, only who may manage any member (a CLIENT_ADMIN may not). */
export function authorizeManaging(principal: Principal, slug: string, now: Date, target: { userRole: Role | undefined; tenantRole?: TenantRole }): void {
  const clientOnly = target.userRole === "CLIENT_USER" && (!target.tenantRole || target.tenantRole.startsWith("CLIENT_"));
  if (!clientOnly) authorize(principal, "tenant:members:write", { tenant: slug, now });
}
