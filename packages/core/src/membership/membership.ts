import { error } from "../error";
import { AccessError } from "../policy";
import type { MembershipItem, TenantRole } from "../store/memberships";

export type { MembershipItem, TenantRole };

export type Membership = {
  tenant: { slug: string; name: string };
  user: { id: string; email: string; displayName: string | null };
  role: TenantRole;
  expiresAt: string | null;
  grantedBy: { id: string; email: string };
  grantedAt: string;
};

export const toMembership = (item: MembershipItem): Membership => ({
  tenant: item.tenant,
  user: item.user,
  role: item.role,
  expiresAt: item.expiresAt,
  grantedBy: item.grantedBy,
  grantedAt: item.grantedAt,
});

export const MembershipError = {
  roleMismatch: AccessError.roleMismatch,
  expiryRequired: error("membership.expiry_required", "A contractor's membership needs an expiresAt in the future."),
  expiryTooFar: error("membership.expiry_too_far", (days: number) => `A contractor's membership may last at most ${days} days.`),
  notFound: error("membership.not_found", "This user has no membership in this tenant."),
  exists: error(
    "membership.exists",
    "This user is already a member of this tenant: change their role with PUT /v1/tenants/{slug}/memberships/{userId}.",
  ),
  /** One answer for every reason, so a client admin learns nothing about who holds an email. */
  cannotInvite: error(
    "membership.cannot_invite",
    "This email cannot be invited into this tenant. If the person should have access, ask your Roster administrator.",
  ),
};
