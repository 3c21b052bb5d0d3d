import { z } from "zod";

export const TENANT_ROLES = ["OPERATOR_FULL", "OPERATOR_READONLY", "CLIENT_ADMIN", "CLIENT_VIEWER"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/**
 * What a person may do in which tenant, kept on their profile beside the membership counters: one
 * attribute per membership (`access#<slug>`, its role and expiry), set by every write that counts a
 * membership in and removed by every write that counts one out, in the same transaction. Sign-in
 * and refresh read the profile anyway, so an access token names the person's tenants without
 * another round trip.
 *
 * An attribute each rather than one map: a nested SET needs its map to exist already, and two
 * grants to one user in different tenants stay independent writes.
 */
const ACCESS_PREFIX = "access#";
export const accessAttribute = (slug: string) => `${ACCESS_PREFIX}${slug}`;

const GrantSchema = z.object({ role: z.enum(TENANT_ROLES), expiresAt: z.string().nullable() });
export type TenantGrant = z.output<typeof GrantSchema>;
export const TenantAccessSchema = z.record(z.string(), GrantSchema);
/** By tenant slug: the role held there and when it ends (null: never). */
export type TenantAccess = Readonly<Record<string, TenantGrant>>;

/** A stored profile with its access attributes gathered into `tenantAccess`: what the profile's schema reads. */
export function gatherTenantAccess(item: unknown): unknown {
  if (typeof item !== "object" || item === null) return item;
  const profile: Record<string, unknown> = {};
  const tenantAccess: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(ACCESS_PREFIX)) tenantAccess[name.slice(ACCESS_PREFIX.length)] = value;
    else profile[name] = value;
  }
  return { ...profile, tenantAccess };
}

/** The attributes a new profile is stored with for the access it starts with. */
export const accessAttributes = (access: TenantAccess): Record<string, TenantGrant> =>
  Object.fromEntries(Object.entries(access).map(([slug, grant]) => [accessAttribute(slug), grant]));

/**
 * The tenants a person's access reaches at `now` (`{slug: role}`), and the instant the first of them
 * ends (null: none ends). A membership past its `expiresAt` is out, whether or not the expiry job
 * has recorded it yet.
 */
export function liveTenants(access: TenantAccess, now: Date): { tenants: Record<string, TenantRole>; endsAt: Date | null } {
  const tenants: Record<string, TenantRole> = {};
  let endsAt: number | null = null;
  for (const [slug, grant] of Object.entries(access)) {
    const end = grant.expiresAt === null ? null : Date.parse(grant.expiresAt);
    if (end !== null && end <= now.getTime()) continue;
    tenants[slug] = grant.role;
    if (end !== null && (endsAt === null || end < endsAt)) endsAt = end;
  }
  return { tenants, endsAt: endsAt === null ? null : new Date(endsAt) };
}
