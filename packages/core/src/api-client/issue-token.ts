import type { Deps } from "../deps";
import { readUser } from "../store/users";
import { signClientAccessToken } from "../tokens/access-token";
import { reachOf, WORKSPACE_REACH, type TokenReach } from "../tokens/reach";
import type { ApiClientItem } from "./client";
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
export async function issueToken(deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings" | "log">, request: TokenRequest): Promise<IssuedToken> {
  if (!request.grant_type) throw OAuthError.invalidRequest("grant_type is missing.");
  if (request.grant_type !== "client_credentials") throw OAuthError.unsupportedGrantType();
  const requested = parseScope(request.scope);
  const client = await authenticateClientAssertion(deps, request, OAUTH_PATHS.token);
  const scopes = requested ?? client.scopes;
  if (scopes.some((scope) => !client.scopes.includes(scope))) throw OAuthError.invalidScope("The client was not given every scope asked for.");

  const now = deps.clock.now();
  const signed = await signClientAccessToken(deps.signingKey, {
    clientId: client.id,
    actingUserId: client.clientType === "USER" ? client.createdBy.id : null,
    scopes,
    epoch: client.tokenEpoch ?? 0,
    ...(await clientReach(deps, client, now)),
    issuer: deps.settings.publicUrl,
    now,
    ttlSeconds: deps.settings.accessTokenTtlSeconds,
  });
  return { access_token: signed.token, token_type: "Bearer", expires_in: signed.expiresIn, scope: scopes.join(" ") };
}

/**
 * What the token may say the client reaches. A USER client acts as its creator: their role and
 * tenants now, read in a third round trip (a DELEGATED client's token needs only the two of its
 * assertion), and no token at all once they can no longer sign in themselves.
 */
async function clientReach(deps: Pick<Deps, "db">, client: ApiClientItem, now: Date): Promise<TokenReach> {
  if (client.clientType === "DELEGATED") return WORKSPACE_REACH;
  const creator = await readUser(deps.db, client.createdBy.id);
  if (!creator || creator.status !== "ACTIVE" || !creator.mfaEnrolled) throw OAuthError.invalidClient();
  return reachOf(creator, now);
}

function parseScope(scope: string | undefined) {
  if (scope === undefined) return undefined;
  const names = scope.split(" ").filter(Boolean);
  const parsed = names.map((name) => ScopeSchema.safeParse(name));
  if (names.length === 0 || parsed.some((result) => !result.success)) throw OAuthError.invalidScope("scope names an unknown scope.");
  return parsed.map((result) => result.data!);
}

