import { JWT_BEARER, signClientAssertion, type ClientCredentials } from "./client-assertion";
import { InvalidTokenError, RosterRequestError } from "./errors";
import { identityFrom, type Claims } from "./identity";
import { endpointOf, issuerOf, ROSTER_PATHS } from "./issuer";
import type { TokenVerifier } from "./offline";

export type IntrospectorOptions = {
  /** Roster's `ROSTER_PUBLIC_URL`, exactly. */
  issuer: string;
  /** The API client that asks: it needs the scope `tokens:introspect`. */
  client: ClientCredentials;
  /** Where to ask; `${issuer}/oauth/introspect` by default. */
  introspectionEndpoint?: string | URL;
  /** How long Roster may take to answer, in milliseconds (5000 by default, as for the JWKS). */
  timeoutMs?: number;
};

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Asks Roster about each token (RFC 7662), authenticated as an API client with `private_key_jwt`.
 * The answer is the state **now**: a token of someone deactivated, removed or logged out a second
 * ago, or of a client just disabled, is refused (`token.inactive`), and roles and tenants are
 * today's. It costs a round trip per call, bounded by `timeoutMs`.
 */
export function createTokenIntrospector(options: IntrospectorOptions): TokenVerifier {
  const issuer = issuerOf(options.issuer);
  const endpoint = endpointOf(issuer, ROSTER_PATHS.introspection, options.introspectionEndpoint);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  return async (token) => {
    const body = new URLSearchParams({ token, client_assertion_type: JWT_BEARER, client_assertion: await signClientAssertion(options.client, issuer) });
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const why = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : error instanceof Error ? error.message : String(error);
      throw new RosterRequestError("roster.unreachable", `Roster's introspection endpoint could not be reached: ${why}.`, { cause: error });
    }
    const answer = await jsonObjectOf(response);
    if (!response.ok) throw refusalOf(response.status, answer);
    if (!answer) throw new RosterRequestError("roster.unreachable", "Roster's introspection answer is not a JSON object.", { status: response.status });
    // RFC 7662 §2.2: an inactive token's answer says nothing more, whatever the reason.
    if (answer.active !== true) throw new InvalidTokenError("token.inactive", "Roster says the token is not active.");
    return identityFrom(answer);
  };
}

/** The body as a JSON object, or undefined for anything else (an HTML error page, a cut-off answer). */
async function jsonObjectOf(response: Response): Promise<Claims | undefined> {
  try {
    const value: unknown = await response.json();
    return isObject(value) ? value : undefined;
  } catch {
    // Not JSON: the caller says so with the status in hand.
    return undefined;
  }
}

const isObject = (value: unknown): value is Claims => typeof value === "object" && value !== null && !Array.isArray(value);

/** Roster's 4xx is about the asking client (a configuration to fix); a 5xx, that Roster cannot answer now. */
function refusalOf(status: number, answer: Claims | undefined): RosterRequestError {
  const error = typeof answer?.error === "string" ? answer.error : undefined;
  const description = typeof answer?.error_description === "string" ? `: ${answer.error_description}` : "";
  if (status >= 500) return new RosterRequestError("roster.unreachable", `Roster's introspection endpoint answered ${status}${description}.`, { status, error });
  return new RosterRequestError("roster.refused", `Roster refused the introspection request with ${status}${error ? ` ${error}` : ""}${description}.`, { status, error });
}
