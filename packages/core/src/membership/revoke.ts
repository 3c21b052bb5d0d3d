import * as Sso from "../store/sso-managed";
import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import type { Deps } from "../deps";
import { RequestError } from "../error";
import type { Principal } from "../policy";
import { Keys } from "../store/keys";
import { decodeMembership, deleteMembership, uncountMembership } from "../store/memberships";
import { batchGet } from "../store/read";
import { decodeTenant } from "../store/tenants";
import { transact, type GuardedWrite } from "../store/transact";
import { decodeUser } from "../store/users";
import * as Tenant from "../tenant";
import { authorizeManager, authorizeManaging } from "./manage";
import { MembershipError } from "./membership";

/** Removes a membership: access ends at once; the user's counters and tenant set follow in the same transaction. */
export async function revoke(deps: Deps, principal: Principal, slug: string, userId: string, context: RequestContext): Promise<void> {
  const now = deps.clock.now();
  authorizeManager(principal, slug, now);
  const memberKey = Keys.membership(slug, userId);
  const found = await batchGet(deps.db, [Keys.tenant(slug), Keys.user(userId), memberKey]);
  if (!found.get(Keys.tenant(slug), decodeTenant)) throw Tenant.TenantError.notFound();
  const user = found.get(Keys.user(userId), decodeUser);
  const membership = found.get(memberKey, decodeMembership);
  if (!membership) throw MembershipError.notFound();
  authorizeManaging(principal, slug, now, { userRole: user?.role, tenantRole: membership.role });
  const writes: GuardedWrite[] = [deleteMembership(deps.db, membership, (current) => (current ? RequestError.conflict() : MembershipError.notFound()))];
  // Recorded by the expiry job already: the counters let go of it then.
  if (user && !membership.expiredAt) writes.push(uncountMembership(deps.db, user.id, slug, membership.role));
  writes.push(
    Audit.write(deps, {
      type: "MEMBERSHIP_REVOKED",
      actor: principal.actor,
      target: { type: "membership", id: `${slug}/${userId}`, email: membership.user.email },
      tenant: slug,
      changes: { role: { before: membership.role, after: null } },
      context,
    }),
  );
  if (user) writes.push(...Sso.unlessManaged(deps.db, user));
  await transact(deps.db, writes);
}
