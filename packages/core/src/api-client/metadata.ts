import { SCOPES } from "../actor";
import { ASSERTION_ALGORITHMS } from "./public-key";

/** Where Roster's OAuth endpoints live, under the issuer (`ROSTER_PUBLIC_URL`). */
export const OAUTH_PATHS = {
  token: "/oauth/token",
  jwks: "/.well-known/jwks.json",
  metadata: "/.well-known/oauth-authorization-server",
} as const;

/**
 * RFC 8414 authorization server metadata: what an OAuth library discovers before its first
 * request. Only what Roster does: the client credentials grant, clients authenticated by
 * `private_key_jwt` with the algorithms the token endpoint verifies, the scopes a client can hold.
 */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    token_endpoint: `${issuer}${OAUTH_PATHS.token}`,
    jwks_uri: `${issuer}${OAUTH_PATHS.jwks}`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    scopes_supported: [...SCOPES],
    response_types_supported: [],
  };
}
export type AuthorizationServerMetadata = ReturnType<typeof authorizationServerMetadata>;
