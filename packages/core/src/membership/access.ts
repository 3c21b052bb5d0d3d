import type { Scope } from "../actor";
import { AuthError } from "../error";
import { requireScope } from "../policy";
import type { Principal } from "../session/authenticate";
import { TenantError } from "../tenant/tenant";
import { isLive, type TenantRole } from "./membership";

/** How the caller reaches a tenant: as a SUPER_ADMIN (every tenant) or through a live membership. */
export type TenantAccess = { as: "admin" } | { as: "member"; role: TenantRole };

/**
 * Who may see a tenant at all (an API client also needs the action's scope). A caller with no live membership hears `tenant.not_found`, exactly
 * like for a tenant that does not exist: a tenant's existence is not theirs to learn. A contractor's
 * access ends at the millisecond of its expiry, whether or not the expiry job has run.
 */
export function tenantAccess(principal: Pick<Principal, "actor" | "membership">, now: Date, scope: Scope): TenantAccess {
  requireScope(principal.actor, scope);
  if (principal.actor.role === "SUPER_ADMIN") return { as: "admin" };
  if (isLive(principal.membership ?? undefined, now)) return { as: "member", role: principal.membership!.role };
  throw TenantError.notFound();
}

/** Listing a tenant's members: SUPER_ADMINs, and members with OPERATOR_FULL or CLIENT_ADMIN. */
export function requireMemberListAccess(access: TenantAccess): void {
  if (access.as === "admin") return;
  if (access.role !== "OPERATOR_FULL" && access.role !== "CLIENT_ADMIN") throw AuthError.forbidden();
}

/**
 * Granting, revoking or inviting at all: SUPER_ADMINs and the tenant's CLIENT_ADMINs. Checked before
 * anything else is read, so a member who may not manage hears 403 at once, and cannot tell from the
 * answer whether some user holds a membership (404 `membership.not_found` comes only after this).
 */
export function requireManager(access: TenantAccess): void {
  if (access.as === "admin") return;
  if (access.role !== "CLIENT_ADMIN") throw AuthError.forbidden();
}

/** Granting or revoking: SUPER_ADMINs; a CLIENT_ADMIN only for client users and client roles. */
export function requireManageAccess(access: TenantAccess, target: { userRole: string; tenantRole?: TenantRole }): void {
  requireManager(access);
  if (access.as === "admin") return;
  const clientOnly = target.userRole === "CLIENT_USER" && (!target.tenantRole || target.tenantRole.startsWith("CLIENT_"));
  if (!clientOnly) throw AuthError.forbidden();
}
