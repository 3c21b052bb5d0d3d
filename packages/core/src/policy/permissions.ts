import type { Role, Scope } from "../actor";
import type { TenantRole } from "../store/memberships";

/**
 * Who may do what, in one table. A global role grants permissions everywhere; a tenant role grants
 * `tenant:*` permissions in its tenant only. An API client holds the permissions of the role it
 * acts with that its scopes also grant (SCOPE_GRANTS), and never a person's own (PERSON_ONLY).
 * Verbs and pages ask `can(...)`; nothing else decides access.
 */
export const PERMISSIONS = [
  "users:read",
  "users:write",
  "tenants:read",
  "tenants:write",
  "memberships:read",
  "memberships:write",
  "audit:read",
  "api-clients:read",
  "api-clients:write",
  // The SCIM directory's tokens: see them (never their secrets), and make or revoke them.
  "scim-token:read",
  "scim-token:manage",
  // The workspace's single sign-on: read its configuration (never the client secret), and set it up, change or remove it.
  "sso:read",
  "sso:manage",
  // A person's own account: profile, password, personal access tokens.
  "account:manage",
  // The owner hands ownership on (the role grants it; only the owner holds the flag it also needs).
  "ownership:transfer",
  // The staff console (/console/*): the workspace's people; client users have their company's portal.
  "console:staff",
  // In one tenant: see it, list its members, manage any member, manage its client users, read its trail.
  "tenant:read",
  "tenant:members:read",
  "tenant:members:write",
  "tenant:clients:write",
  "tenant:audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];
export type TenantPermission = Extract<Permission, `tenant:${string}`>;

const TENANT_READ: TenantPermission[] = ["tenant:read", "tenant:members:read", "tenant:audit:read"];

export const GLOBAL_ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  // Every permission there is: the workspace and every tenant.
  SUPER_ADMIN: PERMISSIONS,
  // The compliance or finance reviewer: reads everything a SUPER_ADMIN reads, every tenant read-only, changes nothing but their own account.
  VIEWER: ["users:read", "tenants:read", "memberships:read", "audit:read", "api-clients:read", "scim-token:read", "sso:read", "account:manage", "console:staff", ...TENANT_READ],
  OPERATOR: ["account:manage", "console:staff"],
  CONTRACTOR: ["account:manage", "console:staff"],
  CLIENT_USER: ["account:manage"],
};

export const TENANT_ROLE_PERMISSIONS: Record<TenantRole, readonly TenantPermission[]> = {
  OPERATOR_FULL: ["tenant:read", "tenant:members:read"],
  OPERATOR_READONLY: ["tenant:read"],
  CLIENT_ADMIN: ["tenant:read", "tenant:members:read", "tenant:clients:write", "tenant:audit:read"],
  CLIENT_VIEWER: ["tenant:read"],
};

/** What each scope lets a client do, beyond which no role it acts with takes it. */
export const SCOPE_GRANTS: Record<Scope, readonly Permission[]> = {
  "users:read": ["users:read"],
  "users:write": ["users:write"],
  "tenants:read": ["tenants:read", "tenant:read"],
  "tenants:write": ["tenants:write"],
  "memberships:read": ["memberships:read", "tenant:members:read"],
  "memberships:write": ["memberships:write", "tenant:members:write", "tenant:clients:write"],
  "audit:read": ["audit:read", "tenant:audit:read"],
  "api-clients:read": ["api-clients:read"],
  // For POST /oauth/introspect alone, which checks the client's own scopes: it reaches no API route.
  "tokens:introspect": [],
};

/** No scope grants these: what only a person does, with their own account or for the workspace's keys. */
export const PERSON_ONLY: readonly Permission[] = ["account:manage", "api-clients:write", "scim-token:read", "scim-token:manage", "sso:read", "sso:manage", "ownership:transfer", "console:staff"];

/** Which tenant roles a global role may hold: operators' for operators and contractors, clients' for client users, none for the rest. */
export const HOLDS_TENANT_ROLES: Record<Role, "operator" | "client" | null> = {
  SUPER_ADMIN: null,
  VIEWER: null,
  OPERATOR: "operator",
  CONTRACTOR: "operator",
  CLIENT_USER: "client",
};
