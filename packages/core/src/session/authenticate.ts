import { Actor, type Caller } from "../actor";
import { authenticateClient } from "../api-client/authenticate";
import { Keys } from "../db/keys";
import { readItems } from "../db/read-items";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { authenticatePersonalToken } from "../personal-token/authenticate";
import { looksLikePersonalToken } from "../personal-token/token";
import type { MembershipItem } from "../membership/membership";
import { scopedKeys, scopedMembership, type AuthScope } from "../membership/scope";
import type { UserItem } from "../user/user";
import { verifyAccessToken } from "./access-token";
import { sessionIsLive, type SessionItem } from "./session";

/**
 * The caller, as the auth round trip read them. `user` is the account the caller acts as: the
 * person, a USER client's creator, or null for a DELEGATED client (it acts for the workspace). On a
 * tenant route that account's membership of the tenant is read in the same round trip
 * (`membership` is then the item, or null for none).
 */
export type { AuthScope };
export type Principal = { actor: Caller; user: UserItem | null; membership?: MembershipItem | null };

/**
 * Resolves a bearer token to the acting user in one round trip: the token's signature and expiry
 * are checked offline, then the profile and the session are read together, so a deactivation, an
 * MFA reset, a removal or a logout takes effect on the very next request. The role comes from the
 * profile, not the token, so a role change does too.
 */
export async function authenticate(
  deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings" | "log">,
  token: string,
  scope: AuthScope = {},
): Promise<Principal> {
  // A personal access token (`rpat.<userId>.<tokenId>.<secret>`) is read the same way: one BatchGet.
  if (looksLikePersonalToken(token)) return authenticatePersonalToken(deps, token, scope);
  const now = deps.clock.now();
  const claims = await verifyAccessToken(deps.signingKey, token, deps.settings.publicUrl, now);
  if (!claims) throw AuthError.unauthenticated();
  if (claims.kind === "client") return authenticateClient(deps, claims, scope);

  const userKey = Keys.user(claims.userId);
  const sessionKey = Keys.session(claims.userId, claims.sessionId);
  const items = await readItems(deps.db, [userKey, sessionKey, ...scopedKeys(claims.userId, scope)]);
  const user = items.find((item) => item.sk === userKey.sk) as UserItem | undefined;
  const session = items.find((item) => item.sk === sessionKey.sk) as SessionItem | undefined;

  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  if (!sessionIsLive(session, user.sessionEpoch, now)) throw AuthError.unauthenticated();
  return {
    actor: Actor.user(user, claims.sessionId),
    user,
    membership: scopedMembership(items, user.id, scope),
  };
}
