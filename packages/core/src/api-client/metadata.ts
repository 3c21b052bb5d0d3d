import { SCOPES } from "../actor";
import { ASSERTION_ALGORITHMS } from "./public-key";

/** Where Roster's OAuth endpoints live, under the issuer (`ROSTER_PUBLIC_URL`). */
export const OAUTH_PATHS = {
  token: "/oauth/token",
  introspection: "/oauth/introspect",
  revocation: "/oauth/revoke",
  jwks: "/.well-known/jwks.json",
  metadata: "/.well-known/oauth-authorization-server",
} as const;

/**
 * RFC 8414 authorization server metadata: what an OAuth library discovers before its first
 * request. Only what Roster does: the client credentials grant, introspection (RFC 7662) and
 * revocation (RFC 7009), clients authenticated by `private_key_jwt` with the algorithms Roster
 * verifies, the scopes a client can hold.
 */
export function authorizationServerMetadata(issuer: string) {
  const clientAuthentication = { methods: ["private_key_jwt"], algorithms: [...ASSERTION_ALGORITHMS] };
  return {
    issuer,
    token_endpoint: `${issuer}${OAUTH_PATHS.token}`,
    jwks_uri: `${issuer}${OAUTH_PATHS.jwks}`,
    introspection_endpoint: `${issuer}${OAUTH_PATHS.introspection}`,
    revocation_endpoint: `${issuer}${OAUTH_PATHS.revocation}`,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: clientAuthentication.methods,
    token_endpoint_auth_signing_alg_values_supported: clientAuthentication.algorithms,
    introspection_endpoint_auth_methods_supported: clientAuthentication.methods,
    introspection_endpoint_auth_signing_alg_values_supported: clientAuthentication.algorithms,
    revocation_endpoint_auth_methods_supported: clientAuthentication.methods,
    revocation_endpoint_auth_signing_alg_values_supported: clientAuthentication.algorithms,
    scopes_supported: [...SCOPES],
    response_types_supported: [],
  };
}
export type AuthorizationServerMetadata = ReturnType<typeof authorizationServerMetadata>;
