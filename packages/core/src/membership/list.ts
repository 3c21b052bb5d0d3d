import type { z } from "zod";
import type { Deps } from "../deps";
import { authorize, authorizeTenant, type Principal } from "../policy";
import { and, equals, expr, path } from "../store/expression";
import { isLive, membersOfTenant, membershipsAcross } from "../store/memberships";
import { decodeCursor, encodeCursor, keyString, type Page } from "../store/page";
import * as Tenant from "../tenant";
import { toMembership, type Membership } from "./membership";
import type { MembershipListQuery } from "./schemas";

const USER_ID = /^usr_[0-9a-z]+$/;
const SLUG = /^[a-z0-9-]{3,40}$/;
const SLUG_USER = /^[a-z0-9-]{3,40}#usr_[0-9a-z]+$/;

/**
 * A tenant's live members, one Query of the tenant's partition, which also tells whether the
 * tenant exists, without another round trip.
 */
export async function ofTenant(deps: Pick<Deps, "db" | "clock">, principal: Principal, slug: string, query: { limit: number; cursor?: string | undefined }): Promise<Page<Membership>> {
  const now = deps.clock.now();
  authorizeTenant(principal, "tenant:members:read", slug, now);
  const page = await membersOfTenant(deps.db, slug, { limit: query.limit, after: query.cursor ? decodeCursor(query.cursor, USER_ID) : undefined });
  if (!query.cursor && page.empty) throw Tenant.TenantError.notFound();
  return {
    items: page.members.filter((item) => isLive(item, now)).map(toMembership),
    nextCursor: page.lastKey ? encodeCursor(keyString(page.lastKey, "sk").slice("MEMBER#".length)) : null,
  };
}

/**
 * Live memberships across tenants, for whoever reads every tenant: by tenant (its partition), by
 * user (the user-side index) or all (the admin index); `expiringBefore` narrows to memberships
 * ending before it.
 */
export async function all(deps: Pick<Deps, "db" | "clock">, principal: Principal, query: z.infer<typeof MembershipListQuery>): Promise<Page<Membership>> {
  authorize(principal, "memberships:read");
  const now = deps.clock.now();
  const filter = and(
    query.expiringBefore ? expr`${path("expiresAt")} < ${query.expiringBefore}` : undefined,
    query.tenant && query.userId ? equals("user.id", query.userId) : undefined,
  );
  const [pattern, cursorKey] = query.tenant ? [USER_ID, "sk"] : query.userId ? [SLUG, "gsi2sk"] : [SLUG_USER, "gsi3sk"];
  const after = query.cursor ? decodeCursor(query.cursor, pattern) : undefined;
  const result = await membershipsAcross(deps.db, { tenant: query.tenant, userId: query.userId }, { limit: query.limit, after, filter });
  const cursorOf = (key: Record<string, unknown>) => (query.tenant ? keyString(key, "sk").slice("MEMBER#".length) : keyString(key, cursorKey));
  return { items: result.items.filter((item) => isLive(item, now)).map(toMembership), nextCursor: result.lastKey ? encodeCursor(cursorOf(result.lastKey)) : null };
}
