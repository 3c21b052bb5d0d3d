import * as Sso from "../store/sso-managed";
import { accountable, type RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Settings } from "../config";
import type { Deps } from "../deps";
import { RequestError } from "../error";
import type { Principal } from "../policy";
import { Keys } from "../store/keys";
import { countMembership, decodeMembership, isLive, membershipItem, putMembership, roleFits, type MembershipItem, type TenantRole } from "../store/memberships";
import { batchGet } from "../store/read";
import { decodeTenant } from "../store/tenants";
import { transact } from "../store/transact";
import { decodeUser, type UserItem } from "../store/users";
import * as Tenant from "../tenant";
import * as User from "../user";
import { authorizeManager, authorizeManaging } from "./manage";
import { MembershipError, toMembership, type Membership } from "./membership";

const DAY_MS = 86_400_000;

function checkExpiry(user: UserItem, expiresAt: string | null, now: Date, settings: Pick<Settings, "maxContractorDays">) {
  if (expiresAt && Date.parse(expiresAt) <= now.getTime()) {
    if (user.role === "CONTRACTOR") throw MembershipError.expiryRequired();
    throw RequestError.invalid("expiresAt must be in the future.", [{ path: "expiresAt", message: "Must be in the future." }]);
  }
  if (user.role !== "CONTRACTOR") return;
  if (!expiresAt) throw MembershipError.expiryRequired();
  if (Date.parse(expiresAt) - now.getTime() > settings.maxContractorDays * DAY_MS) throw MembershipError.expiryTooFar(settings.maxContractorDays);
}

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
  input: { role: TenantRole; expiresAt?: string | null | undefined },
  context: RequestContext,
): Promise<{ membership: Membership; created: boolean }> {
  const now = deps.clock.now();
  authorizeManager(principal, slug, now);
  const memberKey = Keys.membership(slug, userId);
  const found = await batchGet(deps.db, [Keys.tenant(slug), Keys.user(userId), memberKey]);
  const tenant = found.get(Keys.tenant(slug), decodeTenant);
  const user = found.get(Keys.user(userId), decodeUser);
  const existing = found.get(memberKey, decodeMembership);
  if (!tenant) throw Tenant.TenantError.notFound();
  if (!user) throw User.UserError.notFound();
  authorizeManaging(principal, slug, now, { userRole: user.role, tenantRole: input.role });
  if (!roleFits(user.role, input.role)) throw MembershipError.roleMismatch();
  // Omitted keeps the expiry of a live membership (a role change must not quietly make a
  // contractor's access permanent); `null` clears it.
  const expiresAt = input.expiresAt === undefined ? (existing && isLive(existing, now) ? existing.expiresAt : null) : input.expiresAt;
  checkExpiry(user, expiresAt, now, deps.settings);
  // A membership whose expiry the job already recorded no longer counts: granting it again counts anew.
  const counted: MembershipItem | undefined = existing && !existing.expiredAt ? existing : undefined;
  if (counted && counted.role === input.role && counted.expiresAt === expiresAt) return { membership: toMembership(counted), created: false };
  // The holder was already warned of this very expiry: a role change does not warn again; a new expiry does.
  const warnedAt = counted && counted.expiresAt === expiresAt ? counted.warnedAt : undefined;
  const item = membershipItem({
    tenant: { slug, name: tenant.name },
    tenantCreatedAt: tenant.createdAt,
    user: { id: user.id, email: user.email, displayName: user.displayName ?? null },
    role: input.role,
    expiresAt,
    grantedBy: accountable(principal.actor),
    grantedAt: counted?.grantedAt ?? now.toISOString(),
    ...(warnedAt ? { warnedAt } : {}),
  });
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  if (counted?.role !== input.role) changes.role = { before: counted?.role ?? null, after: input.role };
  if ((counted?.expiresAt ?? null) !== expiresAt) changes.expiresAt = { before: counted?.expiresAt ?? null, after: expiresAt };
  await transact(deps.db, [
    putMembership(deps.db, item, existing, RequestError.conflict),
    countMembership(deps.db, user.id, { slug, from: counted?.role ?? null, to: input.role, expiresAt, role: user.role }, MembershipError.roleMismatch),
    Audit.write(deps, {
      type: counted ? "MEMBERSHIP_UPDATED" : "MEMBERSHIP_GRANTED",
      actor: principal.actor,
      target: { type: "membership", id: `${slug}/${userId}`, email: user.email },
      tenant: slug,
      changes: Object.keys(changes).length ? changes : null,
      context,
    }),
    ...Sso.unlessManaged(deps.db, user),
  ]);
  return { membership: toMembership(item), created: !counted };
}
