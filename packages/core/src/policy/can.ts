import { SCOPES, type Actor, type Caller, type Role, type Scope, type UserActor } from "../actor";
import { AuthError } from "../error";
import { AccessError } from "./access-error";
import { GLOBAL_ROLE_PERMISSIONS, PERSON_ONLY, SCOPE_GRANTS, TENANT_ROLE_PERMISSIONS, type Permission, type TenantPermission } from "./permissions";
import type { Account, Principal, TenantMembership } from "./principal";

const isTenantPermission = (permission: Permission): permission is TenantPermission => permission.startsWith("tenant:");

/** Whether an API client's scopes reach a permission (a person's are not limited by scopes). */
export function scopesAllow(actor: Caller, permission: Permission): boolean {
  if (actor.type === "user") return true;
  if (PERSON_ONLY.includes(permission)) return false;
  return actor.scopes.some((scope) => SCOPE_GRANTS[scope].includes(permission));
}

/** For an API client whose scopes stop it short of a permission, the scope that would grant it (none for what only a person does). */
export function missingScope(actor: Caller, permission: Permission): Scope | undefined {
  if (actor.type === "user" || scopesAllow(actor, permission)) return undefined;
  return SCOPES.find((scope) => SCOPE_GRANTS[scope].includes(permission));
}

/** A membership grants nothing from the millisecond of its expiry, whether or not any job has run. */
export const isLiveMembership = (membership: { expiresAt: string | null } | null | undefined, now: Date): boolean =>
  !!membership && (membership.expiresAt === null || Date.parse(membership.expiresAt) > now.getTime());

/** The tenant a `tenant:*` permission is asked for, and the instant its memberships are judged at (the deps' clock, never the wall's). */
export type Target = { tenant?: undefined } | { tenant: string; now: Date };

/** The caller's live membership of `slug`, as authentication read it, or null. */
function liveMembership(principal: Pick<Principal, "membership">, slug: string, now: Date): TenantMembership | null {
  const membership = principal.membership;
  return membership && membership.slug === slug && isLiveMembership(membership, now) ? membership : null;
}

/**
 * Whether the principal may do `permission` (in `target.tenant`, for a tenant permission): its
 * global role grants it, or, in a tenant, its live membership's role does; an API client also
 * needs a scope that grants it.
 */
export function can(principal: Pick<Principal, "actor" | "membership">, permission: Permission, target: Target = {}): boolean {
  const { actor } = principal;
  if (!scopesAllow(actor, permission)) return false;
  if (permission === "ownership:transfer" && !(actor.type === "user" && actor.isOwner)) return false;
  if (GLOBAL_ROLE_PERMISSIONS[actor.role].includes(permission)) return true;
  if (!isTenantPermission(permission) || !target.tenant) return false;
  const membership = liveMembership(principal, target.tenant, target.now);
  return !!membership && TENANT_ROLE_PERMISSIONS[membership.role].includes(permission);
}

/** `can`, or 403 `auth.forbidden`. */
export function authorize(principal: Pick<Principal, "actor" | "membership">, permission: Permission, target: Target = {}): void {
  if (!can(principal, permission, target)) throw AuthError.forbidden(missingScope(principal.actor, permission));
}

/**
 * For a tenant route: a caller who cannot see the tenant at all hears `tenant.not_found`, exactly
 * as for a tenant that does not exist (its existence is not theirs to learn); one who sees it but
 * may not do `permission` there hears 403. Returns how it reaches the tenant: through its global
 * role (every tenant) or as a member, with its tenant role.
 */
export function authorizeTenant(
  principal: Pick<Principal, "actor" | "membership">,
  permission: TenantPermission,
  slug: string,
  now: Date,
): { as: "workspace" } | { as: "member"; role: TenantMembership["role"] } {
  // A client without the scope hears 403 first, as for any route outside its scopes.
  if (!scopesAllow(principal.actor, permission)) throw AuthError.forbidden(missingScope(principal.actor, permission));
  const reachesAll = GLOBAL_ROLE_PERMISSIONS[principal.actor.role].includes("tenant:read");
  const membership = liveMembership(principal, slug, now);
  if (!reachesAll && !membership) throw AccessError.tenantNotFound();
  authorize(principal, permission, { tenant: slug, now });
  return reachesAll ? { as: "workspace" } : { as: "member", role: membership!.role };
}

export function requireCaller(actor: Actor): asserts actor is Caller {
  if (actor.type !== "user" && actor.type !== "api_client") throw AuthError.unauthenticated();
}

/** What only a person does (their own account, the workspace's keys): an API client hears 403. */
export function requirePerson(actor: Caller): asserts actor is UserActor {
  if (actor.type !== "user") throw AuthError.forbidden();
}

/** The account of a person acting for themselves (their profile, password, tokens): an API client hears 403. */
export function ownAccount(principal: Principal): Account {
  requirePerson(principal.actor);
  if (!principal.account) throw AuthError.forbidden();
  return principal.account;
}

/**
 * Lasting credentials (a personal access token, an API client, a client's new key) are made only by
 * a person signed in with password and authenticator: a stolen token, which carries no MFA behind
 * it, must not be able to mint credentials that outlive it.
 */
export function requireSession(actor: Caller): asserts actor is UserActor & { sessionId: string } {
  if (actor.type !== "user" || actor.sessionId === null) throw AuthError.sessionRequired();
}

/**
 * No client gains, through a person it creates or promotes, more than its scopes: a SUPER_ADMIN
 * could register a client with every scope, a VIEWER read the whole trail.
 */
export function refuseClientGranting(actor: Caller, role: Role): void {
  if (actor.type === "api_client" && (role === "SUPER_ADMIN" || role === "VIEWER")) throw AuthError.forbidden();
}

/**
 * Whoever holds a setup link can become that person, so the link goes only by mail when an API
 * client asked for it: a client is never handed a way to act as a person.
 */
export const setupUrlFor = (actor: Caller, setupUrl: string): string | null => (actor.type === "api_client" ? null : setupUrl);
