import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import { accountable, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { IndexKeys, Keys } from "../db/keys";
import { ConflictError, transact, Write, type Condition, type GuardedWrite } from "../db/transact";
import type { Settings } from "../config";
import type { Deps } from "../deps";
import { DomainError } from "../error";
import type { Principal } from "../session/authenticate";
import { TenantError, type TenantItem } from "../tenant/tenant";
import { UserError, type UserItem } from "../user/user";
import { requireManageAccess, requireManager, tenantAccess } from "./access";
import { isLive, kindOf, MembershipError, roleFits, toMembership, type Membership, type MembershipItem, type TenantRole } from "./membership";

const DAY_MS = 86_400_000;

function checkExpiry(user: UserItem, expiresAt: string | null | undefined, now: Date, settings: Pick<Settings, "maxContractorDays">) {
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) {
    if (user.role === "CONTRACTOR") throw MembershipError.expiryRequired();
    throw new DomainError("request.invalid", "expiresAt must be in the future.", { errors: [{ path: "expiresAt", message: "Must be in the future." }] });
  }
  if (user.role !== "CONTRACTOR") return;
  if (!expiresAt) throw MembershipError.expiryRequired();
  if (Date.parse(expiresAt) - now.getTime() > settings.maxContractorDays * DAY_MS) throw MembershipError.expiryTooFar(settings.maxContractorDays);
}

/**
 * The membership is still the one read. The expiry job may have recorded its expiry or warned its
 * holder meanwhile (neither changes grantedAt), and the counters and the warning index entry this
 * grant writes depend on both.
 */
export function unchangedSince(existing: MembershipItem): Condition {
  const values: Record<string, unknown> = { ":grantedAt": existing.grantedAt };
  const marks = (["expiredAt", "warnedAt"] as const).map((field) => {
    const value = existing[field];
    if (!value) return `attribute_not_exists(${field})`;
    values[`:${field}`] = value;
    return `${field} = :${field}`;
  });
  return { ConditionExpression: ["grantedAt = :grantedAt", ...marks].join(" AND "), ExpressionAttributeValues: values };
}

/** The counter and set on the user that membership writes keep, by kind. */
const counterOf = (role: TenantRole) => (kindOf(role) === "client" ? "clientMemberships" : "operatorMemberships");

/**
 * Grants a tenant role, or changes it in place (201 new, 200 updated). Three round trips: auth
 * (with the caller's own membership of the tenant), the tenant + user + existing membership in one
 * BatchGet, then one transaction that also conditions on the user's role still fitting, so a
 * concurrent role change cannot leave a membership its new role cannot hold.
 */
export async function grant(
  deps: Deps,
  principal: Principal,
  slug: string,
  userId: string,
  input: { role: TenantRole; expiresAt?: string | null },
  context: RequestContext,
): Promise<{ membership: Membership; created: boolean }> {
  const now = deps.clock.now();
  const access = tenantAccess(principal, now, "memberships:write");
  requireManager(access);
  const tenantKey = Keys.tenant(slug);
  const userKey = Keys.user(userId);
  const memberKey = Keys.membership(slug, userId);
  const { Responses } = await deps.db.doc.send(
    new BatchGetCommand({ RequestItems: { [deps.db.table]: { Keys: [tenantKey, userKey, memberKey], ConsistentRead: true } } }),
  );
  const found = Responses?.[deps.db.table] ?? [];
  const tenant = found.find((i) => i.sk === "TENANT") as TenantItem | undefined;
  const user = found.find((i) => i.sk === "PROFILE") as UserItem | undefined;
  const existing = found.find((i) => i.sk === memberKey.sk) as MembershipItem | undefined;
  if (!tenant) throw TenantError.notFound();
  if (!user) throw UserError.notFound();
  requireManageAccess(access, { userRole: user.role, tenantRole: input.role });
  if (!roleFits(user.role, input.role)) throw MembershipError.roleMismatch();
  // Omitted keeps the expiry of a live membership (a role change must not quietly make a
  // contractor's access permanent); `null` clears it.
  const expiresAt = input.expiresAt === undefined ? (isLive(existing, now) ? existing.expiresAt : null) : input.expiresAt;
  checkExpiry(user, expiresAt, now, deps.settings);

  // A membership whose expiry the job already recorded no longer counts: granting it again counts anew.
  const counted = existing && !existing.expiredAt ? existing : undefined;
  if (counted && counted.role === input.role && counted.expiresAt === expiresAt) return { membership: toMembership(counted), created: false };
  // The holder was already warned of this very expiry: a role change does not warn again; a new expiry does.
  const warnedAt = counted && counted.expiresAt === expiresAt ? counted.warnedAt : undefined;
  const item: MembershipItem = {
    ...memberKey,
    ...IndexKeys.membership(slug, userId, expiresAt, !!warnedAt),
    entity: "Membership",
    tenant: { slug, name: tenant.name },
    tenantCreatedAt: tenant.createdAt,
    user: { id: user.id, email: user.email, displayName: user.displayName ?? null },
    role: input.role,
    expiresAt,
    grantedBy: accountable(principal.actor),
    grantedAt: counted?.grantedAt ?? now.toISOString(),
    ...(warnedAt ? { warnedAt } : {}),
  };
  const writes: GuardedWrite[] = [
    {
      write: Write.put(deps.db, item, existing ? unchangedSince(existing) : { ConditionExpression: "attribute_not_exists(pk)" }),
      onConflict: ConflictError.concurrent,
    },
  ];
  const fitsNow = "#role = :userRole";
  const moveCounters = (from: TenantRole | null, to: TenantRole): GuardedWrite => {
    const add: string[] = [];
    const values: Record<string, unknown> = { ":userRole": user.role };
    if (!from || counterOf(from) !== counterOf(to)) {
      add.push(`${counterOf(to)} :one`);
      values[":one"] = 1;
      if (from) {
        add.push(`${counterOf(from)} :minus`);
        values[":minus"] = -1;
      }
    }
    return {
      write: Write.update(deps.db, userKey, {
        UpdateExpression: `ADD ${[...add, "memberTenants :slug"].join(", ")}`,
        ConditionExpression: `attribute_exists(pk) AND ${fitsNow}`,
        ExpressionAttributeNames: { "#role": "role" },
        ExpressionAttributeValues: { ...values, ":slug": new Set([slug]) },
      }),
      onConflict: MembershipError.roleMismatch,
    };
  };
  writes.push(moveCounters(counted?.role ?? null, input.role));

  const target = { type: "membership" as const, id: `${slug}/${userId}`, email: user.email };
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (counted?.role !== input.role) changes.role = { before: counted?.role ?? null, after: input.role };
  if ((counted?.expiresAt ?? null) !== expiresAt) changes.expiresAt = { before: counted?.expiresAt ?? null, after: expiresAt };
  writes.push(
    Audit.write(deps, {
      type: counted ? "MEMBERSHIP_UPDATED" : "MEMBERSHIP_GRANTED",
      actor: principal.actor,
      target,
      tenant: slug,
      changes: Object.keys(changes).length ? changes : null,
      context,
    }),
  );
  await transact(deps.db, writes);
  return { membership: toMembership(item), created: !counted };
}
