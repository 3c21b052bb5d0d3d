import type { Caller } from "../actor";
import type { TenantRole } from "../store/memberships";
import type { TenantAccess } from "../store/tenant-access";
import type { User } from "../store/users";

/**
 * The account a caller acts as, as the auth round trip read it: the public profile, the epochs
 * that cut its sessions and tokens, and the tenants it reaches (what introspection reports). Never
 * a stored secret: no password hash, no TOTP seed, so nothing put in a request's context can leak them.
 */
export type Account = User & { sessionEpoch: number; tokenEpoch: number; tenantAccess: TenantAccess };

/** The caller's membership of the tenant a route names, live at the instant it was read or not. */
export type TenantMembership = { slug: string; role: TenantRole; expiresAt: string | null; grantedAt: string };

/**
 * Who is calling: the actor (a person, or an API client), the account it acts as (the person, a
 * USER client's creator; null for a DELEGATED client, which acts for the workspace) and, on a
 * tenant route, that account's membership of the tenant (null: none; undefined: the route names
 * no tenant).
 */
export type Principal = { actor: Caller; account: Account | null; membership?: TenantMembership | null };
