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
import { PERSON_CLIENT_ID, verifyAccessToken } from "../tokens/access-token";
import { scopedKeys, scopedMembership, toAccount, type AuthScope } from "./account";
import { authenticateClient } from "./client";
import type { Authenticated } from "./credential";
import { authenticatePersonalToken } from "./personal-token";

/**
 * Resolves a bearer token to the caller in one round trip: the token's signature and expiry are
 * checked offline, then the profile and the session are read together, so a deactivation, an MFA
 * reset, a removal or a logout takes effect on the very next request. The role comes from the
 * profile, not the token, so a role change does too. A personal access token and an API client's
 * token are read the same way: one BatchGet.
 */
export async function authenticate(deps: AuthDeps, token: string, scope: AuthScope = {}): Promise<Principal> {
  return (await authenticateCredential(deps, token, scope)).principal;
}

type AuthDeps = Pick<Deps, "db" | "clock" | "signingKey" | "settings" | "log">;

/** The same, with what the credential says of itself (see Credential). */
export async function authenticateCredential(deps: AuthDeps, token: string, scope: AuthScope = {}): Promise<Authenticated> {
  if (PersonalToken.looksLikeOne(token)) return authenticatePersonalToken(deps, token, scope);
  const now = deps.clock.now();
  const claims = await verifyAccessToken(deps.signingKey, token, deps.settings.publicUrl, now);
  if (!claims) throw AuthError.unauthenticated();
  const times = { issuedAt: claims.issuedAt, expiresAt: claims.expiresAt, jti: claims.jti };
  if (claims.kind === "client") {
    const principal = await authenticateClient(deps, claims, scope);
    const scopes = principal.actor.type === "api_client" ? principal.actor.scopes : [];
    return { principal, credential: { subject: claims.clientId, clientId: claims.clientId, scopes, ...times } };
  }

  const sessionKey = Keys.session(claims.userId, claims.sessionId);
  const items = await batchGet(deps.db, [Keys.user(claims.userId), sessionKey, ...scopedKeys(claims.userId, scope)]);
  const user = items.get(Keys.user(claims.userId), decodeUser);
  const session = items.get(sessionKey, decodeSession);
  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  if (!Session.isLive(session, user.sessionEpoch, now)) throw AuthError.unauthenticated();
  return {
    principal: { actor: Actor.user(user, claims.sessionId), account: toAccount(user), membership: scopedMembership(items, user.id, scope) },
    credential: { subject: user.id, clientId: PERSON_CLIENT_ID, scopes: null, ...times },
  };
}
