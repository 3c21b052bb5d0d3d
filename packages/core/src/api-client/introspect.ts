import * as Auth from "../auth";
import { epochSeconds } from "../clock";
import type { Deps } from "../deps";
import { isDomainError } from "../error";
import { reachOf, WORKSPACE_REACH } from "../tokens/reach";
import { authenticateClientAssertion, type ClientAuthentication } from "./client-assertion";
import { OAUTH_PATHS } from "./metadata";
import { OAuthError } from "./oauth-error";

export type IntrospectionRequest = ClientAuthentication & { token?: string | undefined; token_type_hint?: string | undefined };

/** RFC 7662's answer. Inactive says nothing else: not why, not whose. */
export type Introspection =
  | { active: false }
  | {
      active: true;
      iss: string;
      sub: string;
      client_id: string;
      /** A client's token only: the scopes it still has (a person's is bounded by their role). */
      scope?: string;
      token_type: "Bearer";
      iat: number;
      exp: number;
      jti?: string;
      role: string;
      tenants: Record<string, string>;
    };

const INACTIVE: Introspection = { active: false };

/**
 * Token introspection (RFC 7662) for the platform's own services: is this access token or personal
 * access token good now, and what does its holder reach now. The answer is the state at this
 * instant, read as a request with the token would read it: a person logged out, deactivated,
 * removed or reset, a disabled client or a lapsed USER client's creator, and the token is inactive.
 * `exp` is the token's own, or sooner when a membership it reaches ends first.
 *
 * The caller is an API client with the scope `tokens:introspect`, authenticated as at the token
 * endpoint. Three round trips: the assertion's two, and the token's own authentication.
 */
export async function introspect(deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings" | "log">, request: IntrospectionRequest): Promise<Introspection> {
  const caller = await authenticateClientAssertion(deps, request, OAUTH_PATHS.introspection);
  if (!caller.scopes.includes("tokens:introspect")) throw OAuthError.insufficientScope("tokens:introspect");
  if (!request.token) throw OAuthError.invalidRequest("token is missing.");

  let authenticated: Auth.Authenticated;
  try {
    authenticated = await Auth.authenticateCredential(deps, request.token);
  } catch (error) {
    if (isDomainError(error, "auth.unauthenticated")) return INACTIVE;
    throw error;
  }
  const { principal, credential } = authenticated;
  const now = deps.clock.now();
  // A person, or the creator a USER client acts as; a DELEGATED client acts for the workspace.
  const reach = principal.account ? reachOf({ role: principal.actor.role, tenantAccess: principal.account.tenantAccess }, now) : WORKSPACE_REACH;
  const exp = Math.min(credential.expiresAt, reach.notAfter ? epochSeconds(reach.notAfter) : Infinity);
  return {
    active: true,
    iss: deps.settings.publicUrl,
    sub: credential.subject,
    client_id: credential.clientId,
    ...(credential.scopes ? { scope: credential.scopes.join(" ") } : {}),
    token_type: "Bearer",
    iat: credential.issuedAt,
    exp,
    ...(credential.jti ? { jti: credential.jti } : {}),
    role: reach.role,
    tenants: reach.tenants,
  };
}
