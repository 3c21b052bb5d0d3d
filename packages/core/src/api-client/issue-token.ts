import type { Deps } from "../deps";
import { signClientAccessToken } from "../tokens/access-token";
import { authenticateClientAssertion, type ClientAuthentication } from "./client-assertion";
import { OAUTH_PATHS } from "./metadata";
import { OAuthError } from "./oauth-error";
import { ScopeSchema } from "./schemas";

export { JWT_BEARER } from "./client-assertion";

export type TokenRequest = ClientAuthentication & { grant_type?: string; scope?: string };
export type IssuedToken = { access_token: string; token_type: "Bearer"; expires_in: number; scope: string };

/**
 * The client credentials grant with a `private_key_jwt` assertion (RFC 7523): the client signs a
 * short JWT naming itself and Roster, and trades it for an access token. Two round trips, both
 * the assertion's (see authenticateClientAssertion).
 */
export async function issueToken(deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings">, request: TokenRequest): Promise<IssuedToken> {
  if (!request.grant_type) throw OAuthError.invalidRequest("grant_type is missing.");
  if (request.grant_type !== "client_credentials") throw OAuthError.unsupportedGrantType();
  const requested = parseScope(request.scope);
  const client = await authenticateClientAssertion(deps, request, OAUTH_PATHS.token);
  const scopes = requested ?? client.scopes;
  if (scopes.some((scope) => !client.scopes.includes(scope))) throw OAuthError.invalidScope("The client was not given every scope asked for.");

  const ttlSeconds = deps.settings.accessTokenTtlSeconds;
  const accessToken = await signClientAccessToken(deps.signingKey, {
    clientId: client.id,
    actingUserId: client.clientType === "USER" ? client.createdBy.id : null,
    scopes,
    epoch: client.tokenEpoch ?? 0,
    issuer: deps.settings.publicUrl,
    now: deps.clock.now(),
    ttlSeconds,
  });
  return { access_token: accessToken, token_type: "Bearer", expires_in: ttlSeconds, scope: scopes.join(" ") };
}

function parseScope(scope: string | undefined) {
  if (scope === undefined) return undefined;
  const names = scope.split(" ").filter(Boolean);
  const parsed = names.map((name) => ScopeSchema.safeParse(name));
  if (names.length === 0 || parsed.some((result) => !result.success)) throw OAuthError.invalidScope("scope names an unknown scope.");
  return parsed.map((result) => result.data!);
}

