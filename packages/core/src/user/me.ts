import type { Deps } from "../deps";
import { ofUser } from "../membership/list";
import { requirePersonPrincipal } from "../policy";
import type { Principal } from "../session/authenticate";
import { toPublicUser, type User } from "./user";

export type MembershipSummary = { tenant: { slug: string; name: string }; role: string; expiresAt: string | null };
export type Me = User & { memberships: MembershipSummary[] };

/** The signed-in user (already read by the auth round trip) and their live memberships (one more). */
export async function me(deps: Pick<Deps, "db" | "clock">, principal: Principal): Promise<Me> {
  requirePersonPrincipal(principal);
  return withMemberships(deps, toPublicUser(principal.user));
}

export async function withMemberships(deps: Pick<Deps, "db" | "clock">, user: User): Promise<Me> {
  const memberships = (await ofUser(deps, user.id)).map(({ tenant, role, expiresAt }) => ({ tenant, role, expiresAt }));
  return { ...user, memberships };
}
