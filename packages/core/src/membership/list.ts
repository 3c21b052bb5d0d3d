import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { z } from "zod";
import { IndexKeys, Keys } from "../db/keys";
import { decodeCursor, encodeCursor, type Page } from "../db/page";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
import type { Principal } from "../session/authenticate";
import { TenantError } from "../tenant/tenant";
import { requireMemberListAccess, tenantAccess } from "./access";
import { isLive, toMembership, type Membership, type MembershipItem } from "./membership";
import type { MembershipListQuery } from "./schemas";

const USER_ID = /^usr_[0-9a-z]+$/;
const SLUG_USER = /^[a-z0-9-]{3,40}#usr_[0-9a-z]+$/;

const page = (result: { Items?: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }, now: Date, cursorOf: (key: Record<string, string>) => string): Page<Membership> => ({
  items: ((result.Items ?? []) as MembershipItem[]).filter((item) => isLive(item, now)).map(toMembership),
  nextCursor: result.LastEvaluatedKey ? encodeCursor(cursorOf(result.LastEvaluatedKey as Record<string, string>)) : null,
});

/**
 * A tenant's live members, one Query of the tenant's partition. It reads from the first member to
 * the tenant's own item ("MEMBER#…" sorts before "TENANT"), so a first page with neither says the
 * tenant does not exist, without another round trip.
 */
export async function ofTenant(deps: Pick<Deps, "db" | "clock">, principal: Principal, slug: string, query: { limit: number; cursor?: string }): Promise<Page<Membership>> {
  const now = deps.clock.now();
  requireMemberListAccess(tenantAccess(principal, now, "memberships:read"));
  const pk = Keys.tenant(slug).pk;
  const result = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      KeyConditionExpression: "pk = :pk AND sk >= :member",
      ExpressionAttributeValues: { ":pk": pk, ":member": Keys.membershipPrefix },
      ConsistentRead: true,
      Limit: query.limit,
      ExclusiveStartKey: query.cursor ? { pk, sk: `${Keys.membershipPrefix}${decodeCursor(query.cursor, USER_ID)}` } : undefined,
    }),
  );
  const items = result.Items ?? [];
  if (!query.cursor && items.length === 0 && !result.LastEvaluatedKey) throw TenantError.notFound();
  const members = items.filter((item) => item.entity === "Membership");
  const lastKey = result.LastEvaluatedKey as Record<string, string> | undefined;
  // Reaching the tenant's own item means the members are all read.
  const more = lastKey && lastKey.sk !== Keys.tenant(slug).sk ? lastKey : undefined;
  return page({ Items: members, LastEvaluatedKey: more }, now, (key) => key.sk!.slice(Keys.membershipPrefix.length));
}

/** A user's live memberships (for /v1/me and /v1/users/{id}), one Query of the user-side index. */
export async function ofUser(deps: Pick<Deps, "db" | "clock">, userId: string): Promise<Membership[]> {
  const result = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ":pk": IndexKeys.userMemberships(userId) },
    }),
  );
  return page(result, deps.clock.now(), () => "").items;
}

/**
 * Live memberships across tenants, for SUPER_ADMINs: by tenant (its partition), by user (the
 * user-side index) or all (the admin index); `expiringBefore` narrows to memberships ending before it.
 */
export async function all(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: z.infer<typeof MembershipListQuery>): Promise<Page<Membership>> {
  requireSuperAdmin(principal.actor, "memberships:read");
  const now = deps.clock.now();
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.expiringBefore) {
    filters.push("expiresAt < :before");
    values[":before"] = query.expiringBefore;
  }
  if (query.tenant && query.userId) {
    filters.push("#user.id = :userId");
    values[":userId"] = query.userId;
  }
  let request: ConstructorParameters<typeof QueryCommand>[0];
  let cursorOf: (key: Record<string, string>) => string;
  if (query.tenant) {
    const pk = Keys.tenant(query.tenant).pk;
    request = {
      TableName: deps.db.table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :member)",
      ExpressionAttributeValues: { ...values, ":pk": pk, ":member": Keys.membershipPrefix },
      ExclusiveStartKey: query.cursor ? { pk, sk: `${Keys.membershipPrefix}${decodeCursor(query.cursor, USER_ID)}` } : undefined,
    };
    cursorOf = (key) => key.sk!.slice(Keys.membershipPrefix.length);
  } else if (query.userId) {
    const pk = IndexKeys.userMemberships(query.userId);
    const last = query.cursor ? decodeCursor(query.cursor, /^[a-z0-9-]{3,40}$/) : undefined;
    request = {
      TableName: deps.db.table,
      IndexName: "gsi2",
      KeyConditionExpression: "gsi2pk = :pk",
      ExpressionAttributeValues: { ...values, ":pk": pk },
      ExclusiveStartKey: last ? { ...Keys.membership(last, query.userId), gsi2pk: pk, gsi2sk: last } : undefined,
    };
    cursorOf = (key) => key.gsi2sk!;
  } else {
    const last = query.cursor ? decodeCursor(query.cursor, SLUG_USER) : undefined;
    const [slug, userId] = last ? last.split("#") : [];
    request = {
      TableName: deps.db.table,
      IndexName: "gsi3",
      KeyConditionExpression: "gsi3pk = :pk",
      ExpressionAttributeValues: { ...values, ":pk": "MEMBERSHIPS" },
      ExclusiveStartKey: last ? { ...Keys.membership(slug!, userId!), gsi3pk: "MEMBERSHIPS", gsi3sk: last } : undefined,
    };
    cursorOf = (key) => key.gsi3sk!;
  }
  if (filters.length) {
    request.FilterExpression = filters.join(" AND ");
    if (filters.some((f) => f.includes("#user"))) request.ExpressionAttributeNames = { "#user": "user" };
  }
  const result = await deps.db.doc.send(new QueryCommand({ ...request, Limit: query.limit }));
  return page(result, now, cursorOf);
}
