import { Actor } from "../actor";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import * as PersonalToken from "../personal-token";
import type { Principal } from "../policy";
import * as Session from "../session";
import { Keys } from "../store/keys";
import { batchGet } from "../store/read";
import { decodeSession } from "../store/sessions";
import { decodeUser } from "../store/users";
import { verifyAccessToken } from "../tokens/access-token";
import { scopedKeys, scopedMembership, toAccount, type AuthScope } from "./account";
import { authenticateClient } from "./client";
import { authenticatePersonalToken } from "./personal-token";

/**
 * Resolves a bearer token to the caller in one round trip: the token's signature and expiry are
 * checked offline, then the profile and the session are read together, so a deactivation, an MFA
 * reset, a removal or a logout takes effect on the very next request. The role comes from the
 * profile, not the token, so a role change does too. A personal access token and an API client's
 * token are read the same way: one BatchGet.
 */
export async function authenticate(deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings" | "log">, token: string, scope: AuthScope = {}): Promise<Principal> {
  if (PersonalToken.looksLikeOne(token)) return authenticatePersonalToken(deps, token, scope);
  const now = deps.clock.now();
  const claims = await verifyAccessToken(deps.signingKey, token, deps.settings.publicUrl, now);
  if (!claims) throw AuthError.unauthenticated();
  if (claims.kind === "client") return authenticateClient(deps, claims, scope);

  const sessionKey = Keys.session(claims.userId, claims.sessionId);
  const items = await batchGet(deps.db, [Keys.user(claims.userId), sessionKey, ...scopedKeys(claims.userId, scope)]);
  const user = items.get(Keys.user(claims.userId), decodeUser);
  const session = items.get(sessionKey, decodeSession);
  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  if (!Session.isLive(session, user.sessionEpoch, now)) throw AuthError.unauthenticated();
  return { actor: Actor.user(user, claims.sessionId), account: toAccount(user), membership: scopedMembership(items, user.id, scope) };
}
