import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { RequestContext } from "../actor";
import * as Audit from "../audit";
import { Keys } from "../db/keys";
import { ConflictError, transact, Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import type { Principal } from "../session/authenticate";
import { TenantError } from "../tenant/tenant";
import type { UserItem } from "../user/user";
import { requireManageAccess, requireManager, tenantAccess } from "./access";
import { kindOf, MembershipError, type MembershipItem } from "./membership";

/** Removes a membership: access ends at once; the user's counters and tenant set follow in the same transaction. */
export async function revoke(deps: Deps, principal: Principal, slug: string, userId: string, context: RequestContext): Promise<void> {
  const access = tenantAccess(principal, deps.clock.now(), "memberships:write");
  requireManager(access);
  const userKey = Keys.user(userId);
  const memberKey = Keys.membership(slug, userId);
  const { Responses } = await deps.db.doc.send(
    new BatchGetCommand({ RequestItems: { [deps.db.table]: { Keys: [Keys.tenant(slug), userKey, memberKey], ConsistentRead: true } } }),
  );
  const found = Responses?.[deps.db.table] ?? [];
  if (!found.some((i) => i.sk === "TENANT")) throw TenantError.notFound();
  const user = found.find((i) => i.sk === "PROFILE") as UserItem | undefined;
  const membership = found.find((i) => i.sk === memberKey.sk) as MembershipItem | undefined;
  if (!membership) throw MembershipError.notFound();
  requireManageAccess(access, { userRole: user?.role ?? "UNKNOWN", tenantRole: membership.role });

  const writes: GuardedWrite[] = [
    {
      // Whether the expiry job recorded the expiry decides whether the counters still hold this
      // membership: if it did so since the read, the decrement below would count it out twice.
      write: Write.delete(deps.db, memberKey, {
        ConditionExpression: `grantedAt = :grantedAt AND ${membership.expiredAt ? "expiredAt = :expiredAt" : "attribute_not_exists(expiredAt)"}`,
        ExpressionAttributeValues: { ":grantedAt": membership.grantedAt, ...(membership.expiredAt ? { ":expiredAt": membership.expiredAt } : {}) },
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
      onConflict: (current) => (current ? ConflictError.concurrent() : MembershipError.notFound()),
    },
  ];
  if (user && !membership.expiredAt) {
    const counter = kindOf(membership.role) === "client" ? "clientMemberships" : "operatorMemberships";
    writes.push({
      write: Write.update(deps.db, userKey, {
        UpdateExpression: `ADD ${counter} :minus DELETE memberTenants :slug`,
        ConditionExpression: "attribute_exists(pk)",
        ExpressionAttributeValues: { ":minus": -1, ":slug": new Set([slug]) },
      }),
    });
  }
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
  await transact(deps.db, writes);
}
