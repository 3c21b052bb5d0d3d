import { Actor, type DirectoryActor, type RequestContext, type Role, type SsoActor } from "../actor";
import * as Audit from "../audit";
import { raced } from "../decided-again";
import type { Deps } from "../deps";
import type { UpdateSpec } from "../store/expression";
import { Keys } from "../store/keys";
import { accessUpdate, decodeMembership, deleteMembership, membershipItem, putMembership, type MembershipItem } from "../store/memberships";
import { batchGet } from "../store/read";
import type { TenantGrant } from "../store/tenant-access";
import { decodeTenant } from "../store/tenants";
import type { GuardedWrite } from "../store/transact";
import { teamIndex, type UserItem, type UserStatus } from "../store/users";
import { joinActiveAdmins, leaveActiveAdmins } from "../store/workspace";
import type { MappedAccess } from "./access";

/*
 * A person's role and memberships derived from their groups, by the SSO mapping: at every SSO
 * sign-in (the ID token's groups) and at every change of their SCIM groups (the directory's). Both
 * apply the mapping to the same groups, the ones the last ID token named and the directory's, so
 * neither undoes what the other derived.
 */

/** Who derives: the identity provider at a sign-in, or a directory changing a group. */
export type Deriver = { actor: SsoActor | DirectoryActor; grantedBy: { id: string; email: string }; lastAdmin: () => Error };

export const Derivers = {
  sso: (issuer: string, lastAdmin: () => Error): Deriver => ({ actor: Actor.sso(issuer), grantedBy: { id: "sso", email: issuer }, lastAdmin }),
  directory: (actor: DirectoryActor, lastAdmin: () => Error): Deriver => ({ actor, grantedBy: { id: "directory", email: actor.name }, lastAdmin }),
};

/**
 * The group names the mapping applies to: those the ID token named at the last sign-in, and each
 * directory group's display name and externalId (Entra ID's tokens name groups by object id,
 * which is what Entra sends as a group's externalId).
 */
export function groupNamesOf(user: Pick<UserItem, "ssoGroups" | "directoryGroups">, ssoGroups: readonly string[] = user.ssoGroups ?? []): string[] {
  const names = new Set(ssoGroups);
  for (const group of Object.values(user.directoryGroups ?? {})) {
    names.add(group.displayName);
    if (group.externalId) names.add(group.externalId);
  }
  return [...names];
}

/** The person's memberships that are or should be, and the tenants the mapped ones are in. */
export type Found = { memberships: Map<string, MembershipItem>; tenants: Map<string, { name: string; createdAt: string }> };

/** What a derivation reads beside the profile: one BatchGet (none when there is nothing to read). */
export async function readAccessItems(deps: Pick<Deps, "db">, user: Pick<UserItem, "id" | "tenantAccess"> | undefined, access: MappedAccess): Promise<Found> {
  const mapped = [...access.tenants.keys()];
  const held = user ? [...new Set([...Object.keys(user.tenantAccess), ...mapped])] : [];
  const found: Found = { memberships: new Map(), tenants: new Map() };
  if (mapped.length === 0 && held.length === 0) return found;
  const items = await batchGet(deps.db, [...mapped.map(Keys.tenant), ...(user ? held.map((slug) => Keys.membership(slug, user.id)) : [])]);
  for (const slug of mapped) {
    const tenant = items.get(Keys.tenant(slug), decodeTenant);
    if (tenant) found.tenants.set(slug, tenant);
  }
  if (user) {
    for (const slug of held) {
      const membership = items.get(Keys.membership(slug, user.id), decodeMembership);
      if (membership) found.memberships.set(slug, membership);
    }
  }
  return found;
}

/** The memberships the person ends with: every mapped one whose tenant exists, without expiry. */
export function grantsOf(access: MappedAccess, found: Found): Map<string, TenantGrant> {
  const grants = new Map<string, TenantGrant>();
  for (const [slug, role] of access.tenants) if (found.tenants.has(slug)) grants.set(slug, { role, expiresAt: null });
  return grants;
}

/**
 * A person's role and memberships made to be `role` and `grants`, their status being `status`
 * after the change: the profile's part (to go into its one write: a transaction touches an item
 * once), the role's audit event, the active-admin count, and the membership items with theirs.
 */
export function accessChange(
  deps: Pick<Deps, "db" | "clock" | "settings">,
  deriver: Deriver,
  user: UserItem,
  next: { role: Role; grants: Map<string, TenantGrant>; status: UserStatus },
  found: Found,
  context: RequestContext,
): { spec: UpdateSpec; profile: Pick<UserItem, "role" | "tenantAccess">; writes: GuardedWrite[] } {
  const bookkeeping = accessUpdate(user, next.grants);
  const spec: UpdateSpec = { set: { ...bookkeeping.set, role: next.role, ...teamIndex(user, { role: next.role, status: next.status }) }, remove: bookkeeping.remove ?? [] };
  const writes: GuardedWrite[] = [];
  const target = { type: "user" as const, id: user.id, email: user.email };
  if (user.role !== next.role) writes.push(Audit.write(deps, { type: "USER_ROLE_CHANGED", actor: deriver.actor, target, changes: { role: { before: user.role, after: next.role } }, context }));
  const wasAdmin = user.status === "ACTIVE" && user.role === "SUPER_ADMIN";
  const isAdmin = next.status === "ACTIVE" && next.role === "SUPER_ADMIN";
  if (wasAdmin && !isAdmin) writes.push(leaveActiveAdmins(deps.db, deriver.lastAdmin));
  if (!wasAdmin && isAdmin) writes.push(joinActiveAdmins(deps.db));
  writes.push(...membershipWrites(deps, deriver, user, next.grants, found, context));
  return { spec, profile: { role: next.role, tenantAccess: Object.fromEntries(next.grants) }, writes };
}

/**
 * The membership items made to match `grants`, each with its audit event: granted, changed (role,
 * or an expiry the mapping does not have), or revoked. The profile's bookkeeping of them is in the
 * profile's own write (`accessUpdate`). A membership changed since it was read is a race: the
 * derivation is decided again (`decidedAgain`).
 */
export function membershipWrites(
  deps: Pick<Deps, "db" | "clock" | "settings">,
  deriver: Deriver,
  user: Pick<UserItem, "id" | "email" | "displayName">,
  grants: Map<string, TenantGrant>,
  found: Found,
  context: RequestContext,
): GuardedWrite[] {
  const { actor } = deriver;
  const writes: GuardedWrite[] = [];
  const targetOf = (slug: string) => ({ type: "membership" as const, id: `${slug}/${user.id}`, email: user.email });
  const now = deps.clock.now().toISOString();
  for (const [slug, grant] of grants) {
    const existing = found.memberships.get(slug);
    const counted = existing && !existing.expiredAt ? existing : undefined;
    if (counted && counted.role === grant.role && counted.expiresAt === null) continue;
    const tenant = found.tenants.get(slug)!;
    const item = membershipItem({
      tenant: { slug, name: tenant.name },
      tenantCreatedAt: tenant.createdAt,
      user: { id: user.id, email: user.email, displayName: user.displayName ?? null },
      role: grant.role,
      expiresAt: null,
      grantedBy: deriver.grantedBy,
      grantedAt: counted?.grantedAt ?? now,
    });
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    if (counted?.role !== grant.role) changes.role = { before: counted?.role ?? null, after: grant.role };
    if (counted && counted.expiresAt !== null) changes.expiresAt = { before: counted.expiresAt, after: null };
    writes.push(
      putMembership(deps.db, item, existing, raced),
      Audit.write(deps, { type: counted ? "MEMBERSHIP_UPDATED" : "MEMBERSHIP_GRANTED", actor, target: targetOf(slug), tenant: slug, changes, context }),
    );
  }
  for (const [slug, existing] of found.memberships) {
    // One the expiry job already recorded ended by itself, and the profile counts it no more.
    if (grants.has(slug) || existing.expiredAt) continue;
    writes.push(
      deleteMembership(deps.db, existing, raced),
      Audit.write(deps, { type: "MEMBERSHIP_REVOKED", actor, target: targetOf(slug), tenant: slug, changes: { role: { before: existing.role, after: null } }, context }),
    );
  }
  return writes;
}
