import type { Role } from "../actor";
import { liveTenants, type TenantAccess } from "../store/tenant-access";

/**
 * What a token issued at `now` may say its holder reaches, and how long it may say so: the role,
 * the tenants of the memberships live at `now`, and the instant the first of those ends, which
 * the token must not outlive.
 */
export type TokenReach = { role: Role; tenants: Record<string, string>; notAfter: Date | null };

export function reachOf(account: { role: Role; tenantAccess: TenantAccess }, now: Date): TokenReach {
  const { tenants, endsAt } = liveTenants(account.tenantAccess, now);
  return { role: account.role, tenants, notAfter: endsAt };
}

/** A DELEGATED client acts for the workspace as a SUPER_ADMIN would, within its scopes, through no membership. */
export const WORKSPACE_REACH: TokenReach = { role: "SUPER_ADMIN", tenants: {}, notAfter: null };
