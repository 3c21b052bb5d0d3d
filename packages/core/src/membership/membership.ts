import type { Role } from "../actor";
import { DomainError } from "../error";

export const TENANT_ROLES = ["OPERATOR_FULL", "OPERATOR_READONLY", "CLIENT_ADMIN", "CLIENT_VIEWER"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Operator memberships are for OPERATORs and CONTRACTORs, client memberships for CLIENT_USERs. */
export type MembershipKind = "operator" | "client";
export const kindOf = (role: TenantRole): MembershipKind => (role.startsWith("CLIENT_") ? "client" : "operator");
export const roleFits = (userRole: Role, tenantRole: TenantRole) =>
  kindOf(tenantRole) === "client" ? userRole === "CLIENT_USER" : userRole === "OPERATOR" || userRole === "CONTRACTOR";

export type MembershipItem = {
  pk: string;
  sk: string;
  entity: "Membership";
  tenant: { slug: string; name: string };
  tenantCreatedAt: string;
  user: { id: string; email: string; displayName: string | null };
  role: TenantRole;
  expiresAt: string | null;
  grantedBy: { id: string; email: string };
  grantedAt: string;
  /** Set by the expiry job when it recorded the expiry; access already ended at `expiresAt`. */
  expiredAt?: string;
  /** Set by the expiry job when it warned the holder of this `expiresAt` (once; a new expiry warns anew). */
  warnedAt?: string;
  ttl?: number;
};

/** Access ends at the millisecond of `expiresAt`, whether or not any job has run. */
export const isLive = (item: Pick<MembershipItem, "expiresAt"> | undefined, now: Date): item is MembershipItem =>
  !!item && (item.expiresAt === null || Date.parse(item.expiresAt) > now.getTime());

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
  roleMismatch: () =>
    new DomainError(
      "membership.role_mismatch",
      "This tenant role does not fit the user's role: OPERATOR_* for operators and contractors, CLIENT_* for client users; SUPER_ADMINs need none.",
    ),
  expiryRequired: () =>
    new DomainError("membership.expiry_required", "A contractor's membership needs an expiresAt in the future."),
  expiryTooFar: (days: number) => new DomainError("membership.expiry_too_far", `A contractor's membership may last at most ${days} days.`),
  notFound: () => new DomainError("membership.not_found", "This user has no membership in this tenant."),
  /** One answer for every reason, so a client admin learns nothing about who holds an email. */
  cannotInvite: () =>
    new DomainError(
      "membership.cannot_invite",
      "This email cannot be invited into this tenant. If the person should have access, ask your Roster administrator.",
    ),
  exists: () =>
    new DomainError(
      "membership.exists",
      "This user is already a member of this tenant: change their role with PUT /v1/tenants/{slug}/memberships/{userId}.",
    ),
};
