import type { Deps } from "../deps";
import { authorize, ownAccount, type Principal } from "../policy";
import { isLive, membershipsOfUser, type TenantRole } from "../store/memberships";
import type { User } from "../store/users";

export type MembershipSummary = { tenant: { slug: string; name: string }; role: TenantRole; expiresAt: string | null };
export type Me = User & { memberships: MembershipSummary[] };

/** The signed-in person (read by the auth round trip) and their live memberships (one more). */
export async function me(deps: Pick<Deps, "db" | "clock">, principal: Principal): Promise<Me> {
  authorize(principal, "account:manage");
  const { sessionEpoch: _s, tokenEpoch: _t, ...user } = ownAccount(principal);
  return withMemberships(deps, user);
}

/** A user with their memberships that are live now. */
export async function withMemberships(deps: Pick<Deps, "db" | "clock">, user: User): Promise<Me> {
  const now = deps.clock.now();
  const memberships = (await membershipsOfUser(deps.db, user.id)).filter((item) => isLive(item, now)).map(({ tenant, role, expiresAt }) => ({ tenant, role, expiresAt }));
  return { ...user, memberships };
}
