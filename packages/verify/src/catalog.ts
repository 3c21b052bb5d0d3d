/**
 * The names Roster's tokens use, as its API documents them. A name this version does not know
 * (a role or scope added to Roster later) grants nothing here: a guard never lets through what it
 * cannot name.
 */

/** Global roles (a token's `role`). */
export const GLOBAL_ROLES = ["SUPER_ADMIN", "VIEWER", "OPERATOR", "CONTRACTOR", "CLIENT_USER"] as const;
export type GlobalRole = (typeof GLOBAL_ROLES)[number];

/** A person's role in one tenant (the values of a token's `tenants`). */
export const TENANT_ROLES = ["OPERATOR_FULL", "OPERATOR_READONLY", "CLIENT_ADMIN", "CLIENT_VIEWER"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** What an API client may be allowed (a client token's `scope`). */
export const SCOPES = [
  "users:read",
  "users:write",
  "memberships:read",
  "memberships:write",
  "tenants:read",
  "tenants:write",
  "audit:read",
  "api-clients:read",
  "tokens:introspect",
] as const;
export type Scope = (typeof SCOPES)[number];

const isOneOf =
  <T extends string>(names: readonly T[]) =>
  (name: string): name is T =>
    (names as readonly string[]).includes(name);

export const isGlobalRole = isOneOf(GLOBAL_ROLES);
export const isTenantRole = isOneOf(TENANT_ROLES);
export const isScope = isOneOf(SCOPES);
