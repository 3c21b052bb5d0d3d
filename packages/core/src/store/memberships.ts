import { z } from "zod";
import type { Role } from "../actor";
import { epochSeconds } from "../clock";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, exists, expr, path, update, type Expr, type UpdateSpec } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { query } from "./read";
import { Write, type GuardedWrite } from "./transact";
import { accessAttribute, TENANT_ROLES, type TenantGrant, type TenantRole } from "./tenant-access";
import { UserConditions, type UserItem } from "./users";

export { TENANT_ROLES, type TenantRole } from "./tenant-access";

/** Operator memberships are for OPERATORs and CONTRACTORs, client memberships for CLIENT_USERs. */
export type MembershipKind = "operator" | "client";
export const kindOf = (role: TenantRole): MembershipKind => (role.startsWith("CLIENT_") ? "client" : "operator");
/** The counter on the user's profile that holds memberships of a role's kind. */
export const counterOf = (role: TenantRole) => (kindOf(role) === "client" ? "clientMemberships" : "operatorMemberships");

const Reference = z.object({ id: z.string(), email: z.string() });

const MembershipSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("Membership"),
  tenant: z.object({ slug: z.string(), name: z.string() }),
  tenantCreatedAt: z.string(),
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string().nullable() }),
  role: z.enum(TENANT_ROLES),
  expiresAt: z.string().nullable(),
  grantedBy: Reference,
  grantedAt: z.string(),
  /** Set by the expiry job when it recorded the expiry; access already ended at `expiresAt`. */
  expiredAt: z.string().optional(),
  /** Set by the expiry job when it warned the holder of this `expiresAt` (once; a new expiry warns anew). */
  warnedAt: z.string().optional(),
  /** The warning index's entry, while the holder is still to be warned (the job's condition names it). */
  gsi1sk: z.string().optional(),
  ttl: z.number().optional(),
});
export type MembershipItem = z.output<typeof MembershipSchema>;
export const decodeMembership = decoder("membership", MembershipSchema);

/** Access ends at the millisecond of `expiresAt`, whether or not any job has run. */
export const isLive = (item: Pick<MembershipItem, "expiresAt"> | undefined, now: Date): boolean =>
  !!item && (item.expiresAt === null || Date.parse(item.expiresAt) > now.getTime());

/** Which global roles may hold a tenant role. */
export const roleFits = (userRole: Role, tenantRole: TenantRole) =>
  kindOf(tenantRole) === "client" ? userRole === "CLIENT_USER" : userRole === "OPERATOR" || userRole === "CONTRACTOR";

/** A page of a user's memberships (live or not), by slug: one Query of the user-side index. */
export function membershipsOfUserPage(db: Db, userId: string, page: { limit?: number; after?: string; filter?: Expr }) {
  const pk = IndexKeys.userMemberships(userId);
  return query(
    db,
    {
      index: "gsi2",
      key: equals("gsi2pk", pk),
      filter: page.filter,
      limit: page.limit,
      startKey: page.after ? { ...Keys.membership(page.after, userId), gsi2pk: pk, gsi2sk: page.after } : undefined,
    },
    decodeMembership,
  );
}

/** A user's memberships (live or not), all of them (a user holds few). */
export async function membershipsOfUser(db: Db, userId: string): Promise<MembershipItem[]> {
  return (await membershipsOfUserPage(db, userId, {})).items;
}

/**
 * The membership is still the one read. The expiry job may have recorded its expiry or warned its
 * holder meanwhile (neither changes grantedAt), and the counters and the warning index entry a
 * grant writes depend on both.
 */
export const unchangedSince = (existing: MembershipItem): Expr =>
  and(
    equals("grantedAt", existing.grantedAt),
    existing.expiredAt ? equals("expiredAt", existing.expiredAt) : absent("expiredAt"),
    existing.warnedAt ? equals("warnedAt", existing.warnedAt) : absent("warnedAt"),
  )!;

/** A membership item with its index entries: the user side, the admin view, and the expiry indexes while due. */
export function membershipItem(item: Omit<MembershipItem, "pk" | "sk" | "entity" | "gsi1sk">): MembershipItem {
  const { slug } = item.tenant;
  return {
    ...Keys.membership(slug, item.user.id),
    ...IndexKeys.membership(slug, item.user.id, item.expiresAt, !!item.warnedAt),
    entity: "Membership",
    ...item,
  };
}

/** Puts a membership: new (none may exist), or replacing exactly the one read. */
export const putMembership = (db: Db, item: MembershipItem, replacing: MembershipItem | undefined, onConflict: () => Error): GuardedWrite =>
  Write.put(db, "memberships.put", item, { condition: replacing ? unchangedSince(replacing) : absent(), onConflict });

/**
 * Removes a membership, only as read: whether the expiry job recorded the expiry decides whether the
 * user's counters still hold it, and a decrement for one recorded since would count it out twice.
 */
export const deleteMembership = (db: Db, existing: MembershipItem, onConflict: (current: Record<string, unknown> | undefined) => Error): GuardedWrite =>
  Write.delete(db, "memberships.delete", Keys.membership(existing.tenant.slug, existing.user.id), {
    condition: and(equals("grantedAt", existing.grantedAt), existing.expiredAt ? equals("expiredAt", existing.expiredAt) : absent("expiredAt")),
    returnCurrent: true,
    onConflict,
  });

/**
 * The membership's bookkeeping on the user's profile: a count per kind and the set of tenants.
 * Counting in is conditioned on the user's role still fitting (`role`), so a concurrent role change
 * cannot leave a membership its new role cannot hold; `also` adds conditions of the caller's.
 */
export function countMembership(
  db: Db,
  userId: string,
  change: { slug: string; from: TenantRole | null; to: TenantRole; expiresAt: string | null; role: Role; also?: Expr },
  onConflict: () => Error,
): GuardedWrite {
  const add: Record<string, number | Set<string>> = { memberTenants: new Set([change.slug]) };
  if (!change.from || counterOf(change.from) !== counterOf(change.to)) {
    add[counterOf(change.to)] = 1;
    if (change.from) add[counterOf(change.from)] = -1;
  }
  const set = { [accessAttribute(change.slug)]: { role: change.to, expiresAt: change.expiresAt } };
  return Write.update(db, "memberships.count", Keys.user(userId), update({ set, add }), {
    condition: and(UserConditions.exists, UserConditions.roleIs(change.role), change.also),
    onConflict,
  });
}

/** A membership that ended (revoked, or expired as the job recorded it) comes off the user's counters. */
export const uncountMembership = (db: Db, userId: string, slug: string, role: TenantRole, onConflict?: () => Error): GuardedWrite =>
  Write.update(db, "memberships.uncount", Keys.user(userId), update({ add: { [counterOf(role)]: -1 }, delete: { memberTenants: new Set([slug]) }, remove: [accessAttribute(slug)] }), {
    // Without it, ADD would create a stub of a removed user.
    condition: UserConditions.exists,
    onConflict,
  });

/**
 * The membership bookkeeping of a profile holding exactly `next` (by slug), as absolute values: the
 * counters, the tenant set and one access attribute per membership. For a write that changes several
 * memberships of one person at once (an SSO sign-in re-deriving them): a transaction touches the
 * profile once, so the per-membership deltas of `countMembership` cannot be summed there, and the
 * write is conditioned on the profile's version, which makes absolute values safe.
 */
export function accessUpdate(user: Pick<UserItem, "tenantAccess">, next: ReadonlyMap<string, TenantGrant>): UpdateSpec {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  let operator = 0;
  let client = 0;
  for (const [slug, grant] of next) {
    set[accessAttribute(slug)] = grant;
    if (kindOf(grant.role) === "client") client++;
    else operator++;
  }
  for (const slug of Object.keys(user.tenantAccess)) if (!next.has(slug)) remove.push(accessAttribute(slug));
  set.operatorMemberships = operator;
  set.clientMemberships = client;
  if (next.size > 0) set.memberTenants = new Set(next.keys());
  else remove.push("memberTenants");
  return { set, remove };
}

/** The user's name as copied into a membership follows the name they set. */
export const renameMember = (db: Db, slug: string, userId: string, displayName: string, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "memberships.rename", Keys.membership(slug, userId), update({ set: { "user.displayName": displayName } }), { condition: exists(), onConflict });

export const deleteMembershipOf = (db: Db, slug: string, userId: string): GuardedWrite => Write.delete(db, "memberships.deleteWithUser", Keys.membership(slug, userId));

/** TTL removes a recorded membership this long after its expiry: cleanup only, nothing waits for it. */
const KEEP_EXPIRED_MS = 30 * 86_400_000;

/** The expiry job records an expiry: still this expiry, still due, not yet recorded; whoever comes second finds expiredAt set. */
export const recordExpiry = (db: Db, item: MembershipItem & { expiresAt: string }, now: Date, onConflict: () => Error): GuardedWrite =>
  Write.update(
    db,
    "memberships.recordExpiry",
    { pk: item.pk, sk: item.sk },
    update({ set: { expiredAt: now.toISOString(), ttl: epochSeconds(new Date(Date.parse(item.expiresAt) + KEEP_EXPIRED_MS)) }, remove: ["gsi4pk", "gsi4sk", "gsi1pk", "gsi1sk"] }),
    { condition: and(equals("expiresAt", item.expiresAt), expr`${path("expiresAt")} <= ${now.toISOString()}`, absent("expiredAt")), onConflict },
  );

/** The expiry job warns a holder: still waiting for this very warning (a second run, or a changed expiry, finds another entry or none). */
export const recordWarning = (db: Db, item: MembershipItem & { expiresAt: string }, now: Date, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "memberships.recordWarning", { pk: item.pk, sk: item.sk }, update({ set: { warnedAt: now.toISOString() }, remove: ["gsi1pk", "gsi1sk"] }), {
    condition: and(equals("gsi1sk", item.gsi1sk), equals("expiresAt", item.expiresAt), absent("expiredAt")),
    onConflict,
  });

/**
 * A tenant's members, a page of them: one Query of the tenant's partition, from the first member to
 * the tenant's own item ("MEMBER#…" sorts before "TENANT"), so a first page with neither members nor
 * tenant (`empty`) says the tenant does not exist.
 */
export async function membersOfTenant(db: Db, slug: string, page: { limit: number; after?: string }) {
  const pk = Keys.tenant(slug).pk;
  const result = await query(
    db,
    {
      key: expr`${path("pk")} = ${pk} AND ${path("sk")} >= ${Keys.membershipPrefix}`,
      consistent: true,
      limit: page.limit,
      startKey: page.after ? { pk, sk: `${Keys.membershipPrefix}${page.after}` } : undefined,
    },
    (item) => (item.entity === "Membership" ? decodeMembership(item) : undefined),
  );
  const members = result.items.filter((item): item is MembershipItem => item !== undefined);
  // Reaching the tenant's own item means the members are all read.
  const lastKey = result.lastKey && result.lastKey.sk !== Keys.tenant(slug).sk ? result.lastKey : undefined;
  return { members, lastKey, empty: result.items.length === 0 && !result.lastKey };
}

/** Live-or-not memberships across tenants: one tenant's partition, one user's index entries, or the admin index of all. */
export function membershipsAcross(db: Db, by: { tenant?: string; userId?: string }, page: { limit: number; after?: string; filter?: Expr }) {
  if (by.tenant) {
    const pk = Keys.tenant(by.tenant).pk;
    return query(
      db,
      {
        key: expr`${path("pk")} = ${pk} AND begins_with(${path("sk")}, ${Keys.membershipPrefix})`,
        filter: page.filter,
        limit: page.limit,
        startKey: page.after ? { pk, sk: `${Keys.membershipPrefix}${page.after}` } : undefined,
      },
      decodeMembership,
    );
  }
  if (by.userId) return membershipsOfUserPage(db, by.userId, page);
  const [slug, userId] = page.after ? page.after.split("#") : [];
  return query(
    db,
    {
      index: "gsi3",
      key: equals("gsi3pk", "MEMBERSHIPS"),
      filter: page.filter,
      limit: page.limit,
      startKey: page.after ? { ...Keys.membership(slug!, userId!), gsi3pk: "MEMBERSHIPS", gsi3sk: page.after } : undefined,
    },
    decodeMembership,
  );
}
