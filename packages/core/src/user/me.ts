import type { Principal } from "../session/authenticate";
import { toPublicUser, type User } from "./user";

export type Membership = { tenant: { slug: string; name: string }; role: string; expiresAt: string | null };
export type Me = User & { memberships: Membership[] };

/**
 * The signed-in user as the auth round trip already read them. Tenant memberships join this
 * answer when tenants exist; until then a user holds none.
 */
export async function me(principal: Principal): Promise<Me> {
  return { ...toPublicUser(principal.user), memberships: [] };
}
