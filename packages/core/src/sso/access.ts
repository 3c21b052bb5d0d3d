import type { Role } from "../actor";
import { roleFits, type TenantRole } from "../store/memberships";
import type { SsoConfigItem } from "../store/sso";

/**
 * Which mapped role wins when a person's groups map to several: the earliest in this list. Staff
 * roles come before CLIENT_USER (one customer's reach); an OPERATOR, who changes things in its
 * tenants, before a VIEWER, who changes nothing. CONTRACTOR is not in it: a contractor's access
 * must end at an instant an admin sets, and an IdP group has none, so no group may map to it
 * (PUT /v1/sso refuses such a mapping with 400 `sso.role_mismatch`).
 */
export const ROLE_PRECEDENCE = ["SUPER_ADMIN", "OPERATOR", "VIEWER", "CLIENT_USER"] as const satisfies readonly Role[];
export type MappableRole = (typeof ROLE_PRECEDENCE)[number];
const MAPPABLE: ReadonlySet<Role> = new Set(ROLE_PRECEDENCE);
export const isMappable = (role: Role): role is MappableRole => MAPPABLE.has(role);

/** For two groups giving one tenant: the tenant role that reaches further wins. */
const TENANT_ROLE_PRECEDENCE: readonly TenantRole[] = ["OPERATOR_FULL", "OPERATOR_READONLY", "CLIENT_ADMIN", "CLIENT_VIEWER"];

const higher = <T>(order: readonly T[], a: T | undefined, b: T): T => (a === undefined || order.indexOf(b) < order.indexOf(a) ? b : a);

/** What a person's groups give them: a role (null: none, no access) and, by tenant slug, the memberships that fit it. */
export type MappedAccess = { role: MappableRole | null; tenants: Map<string, TenantRole> };

/** The access the configuration gives these groups, as every sign-in re-derives it. */
export function mappedAccess(config: Pick<SsoConfigItem, "roles" | "memberships">, groups: readonly string[]): MappedAccess {
  const held = new Set(groups);
  let role: MappableRole | undefined;
  for (const mapping of config.roles) if (held.has(mapping.group) && isMappable(mapping.role)) role = higher(ROLE_PRECEDENCE, role, mapping.role);
  const tenants = new Map<string, TenantRole>();
  if (role === undefined) return { role: null, tenants };
  for (const mapping of config.memberships) {
    // Only what the resulting role can hold: a group mapped to memberships alone may name the other kind.
    if (!held.has(mapping.group) || !roleFits(role, mapping.role)) continue;
    tenants.set(mapping.tenant, higher(TENANT_ROLE_PRECEDENCE, tenants.get(mapping.tenant), mapping.role));
  }
  return { role, tenants };
}
