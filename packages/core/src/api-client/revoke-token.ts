import type { RequestContext } from "../actor";
import * as Auth from "../auth";
import type { Deps } from "../deps";
import { isDomainError } from "../error";
import * as PersonalToken from "../personal-token";
import * as Session from "../session";
import { authenticateClientAssertion, type ClientAuthentication } from "./client-assertion";
import { OAUTH_PATHS } from "./metadata";
import { OAuthError } from "./oauth-error";

export type RevocationRequest = ClientAuthentication & { token?: string | undefined; token_type_hint?: string | undefined };

/**
 * Token revocation (RFC 7009). The token is its own proof, as at refresh or sign-out: a refresh
 * token ends its session, a person's access token the session it belongs to, a personal access
 * token dies; each is recorded as its holder's own LOGOUT or PAT_REVOKED. Anything else (an
 * unknown, spent or expired token, a client's access token, which disabling the client cuts) ends
 * nothing, and the answer is the same: the endpoint says nothing about tokens it was shown.
 *
 * A client that authenticates (OAuth libraries send their assertion along) must do so correctly;
 * none has to, since holding the token is what proves the right to end it.
 */
export async function revokeToken(deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings" | "log">, request: RevocationRequest, context: RequestContext): Promise<void> {
  if (request.client_assertion !== undefined || request.client_assertion_type !== undefined) await authenticateClientAssertion(deps, request, OAUTH_PATHS.revocation);
  const token = request.token;
  if (!token) throw OAuthError.invalidRequest("token is missing.");
  if (Session.isRefreshToken(token)) return Session.logoutByRefreshToken(deps, token, context);

  let principal;
  try {
    principal = await Auth.authenticate(deps, token);
  } catch (error) {
    if (isDomainError(error, "auth.unauthenticated")) return;
    throw error;
  }
  const { actor } = principal;
  if (actor.type !== "user") return;
  try {
    const personal = PersonalToken.parse(token);
    if (personal) await PersonalToken.revoke(deps, principal, personal.tokenId, context);
    else await Session.logout(deps, actor, context);
  } catch (error) {
    // A concurrent revocation or sign-out got there first: the token is dead either way.
    if (isDomainError(error, "token.not_found") || isDomainError(error, "auth.unauthenticated")) return;
    throw error;
  }
}
