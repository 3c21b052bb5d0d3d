import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { IndexKeys, Keys } from "../db/keys";
import { decodeCursor, encodeCursor, type Page } from "../db/page";
import type { Deps } from "../deps";
import { tenantAccess } from "../membership/access";
import { isLive, type MembershipItem } from "../membership/membership";
import { requireScope } from "../policy";
import type { Principal } from "../session/authenticate";
import { TenantError, toTenant, type Tenant, type TenantItem } from "./tenant";

/** One tenant, for SUPER_ADMINs and its members; `tenant.not_found` for everyone else. */
export async function get(deps: Pick<Deps, "db" | "clock">, principal: Principal, slug: string): Promise<Tenant> {
  tenantAccess(principal, deps.clock.now(), "tenants:read");
  const { Item } = await deps.db.doc.send(new GetCommand({ TableName: deps.db.table, Key: Keys.tenant(slug) }));
  if (!Item) throw TenantError.notFound();
  return toTenant(Item as TenantItem);
}

const SLUG = /^[a-z0-9-]{3,40}$/;

/**
 * SUPER_ADMINs: every tenant, by slug. Everyone else: the tenants of their live memberships (the
 * user side of the membership index), never another's.
 */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: { limit: number; cursor?: string }): Promise<Page<Tenant>> {
  requireScope(principal.actor, "tenants:read");
  const admin = principal.actor.role === "SUPER_ADMIN";
  // Only a DELEGATED client acts as no user, and it reaches every tenant as an admin does.
  const userId = principal.user?.id ?? "";
  const partition = admin ? "TENANTS" : IndexKeys.userMemberships(userId);
  const index = admin ? "gsi1" : "gsi2";
  const last = query.cursor ? decodeCursor(query.cursor, SLUG) : undefined;
  const result = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ":pk": partition },
      Limit: query.limit,
      ExclusiveStartKey: last
        ? admin
          ? { ...Keys.tenant(last), [`${index}pk`]: partition, [`${index}sk`]: last }
          : { ...Keys.membership(last, userId), [`${index}pk`]: partition, [`${index}sk`]: last }
        : undefined,
    }),
  );
  const now = deps.clock.now();
  const items = admin
    ? (result.Items ?? []).map((item) => toTenant(item as TenantItem))
    : (result.Items as MembershipItem[] | undefined ?? [])
        .filter((membership) => isLive(membership, now))
        .map((membership) => ({ slug: membership.tenant.slug, name: membership.tenant.name, createdAt: membership.tenantCreatedAt }));
  const lastKey = result.LastEvaluatedKey as Record<string, string> | undefined;
  return { items, nextCursor: lastKey ? encodeCursor(lastKey[`${index}sk`]!) : null };
}
