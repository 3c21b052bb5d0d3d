import type { Account, TenantMembership } from "../policy";
import { Keys } from "../store/keys";
import { decodeMembership } from "../store/memberships";
import type { ItemSet } from "../store/read";
import { toPublicUser, type UserItem } from "../store/users";

/** A route that names a tenant asks authentication to read the caller's membership of it too. */
export type AuthScope = { tenant?: string | undefined };

/** The account a principal acts as: the public profile and its epochs, no stored secret. */
export const toAccount = (user: UserItem): Account => ({ ...toPublicUser(user), sessionEpoch: user.sessionEpoch ?? 0, tokenEpoch: user.tokenEpoch ?? 0, tenantAccess: user.tenantAccess });

/** The keys of the scoped tenant's membership, read in the same round trip as the caller. */
export const scopedKeys = (userId: string, scope: AuthScope) => (scope.tenant ? [Keys.membership(scope.tenant, userId)] : []);

/** The scoped tenant's membership among what the round trip read: null for none, undefined for no scope. */
export function scopedMembership(items: ItemSet, userId: string, scope: AuthScope): TenantMembership | null | undefined {
  if (!scope.tenant) return undefined;
  const item = items.get(Keys.membership(scope.tenant, userId), decodeMembership);
  return item ? { slug: item.tenant.slug, role: item.role, expiresAt: item.expiresAt, grantedAt: item.grantedAt } : null;
}
