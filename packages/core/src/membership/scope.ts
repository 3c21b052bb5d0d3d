import { Keys } from "../db/keys";
import type { MembershipItem } from "./membership";

/** A route that names a tenant asks authentication to read the caller's membership of it too. */
export type AuthScope = { tenant?: string };


/** The membership of the scoped tenant among the items one BatchGet returned. */
export function scopedMembership(items: Record<string, unknown>[], userId: string, scope: AuthScope): MembershipItem | null | undefined {
  if (!scope.tenant) return undefined;
  const key = Keys.membership(scope.tenant, userId);
  return (items.find((item) => item.pk === key.pk && item.sk === key.sk) as MembershipItem | undefined) ?? null;
}

export const scopedKeys = (userId: string, scope: AuthScope) => (scope.tenant ? [Keys.membership(scope.tenant, userId)] : []);
