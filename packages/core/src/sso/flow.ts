import * as client from "openid-client";
import type { RequestContext } from "../actor";
import { constantTimeEqual, newSecret, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { isDomainError, RequestError } from "../error";
import { Keys } from "../store/keys";
import { readSsoConfig, type SsoConfigItem } from "../store/sso";
import { putSsoFlow, spendSsoFlow } from "../store/sso-flows";
import { discover } from "./discover";
import { ProviderFetchError } from "./guarded-fetch";
import { signInPerson, type SsoSignedIn } from "./sign-in";
import { redirectUriOf, secretBinding, SsoError } from "./sso";

/** How long a person has at the provider between start and callback. */
export const FLOW_TTL_MS = 10 * 60_000;
export const DEFAULT_RETURN_TO = "/console";
/** What Roster asks the provider for: the ID token's email and groups (Okta and oidc-provider release groups on their own scope). */
const SCOPE = "openid email groups";

/**
 * Where a person may be sent after signing in: a path of Roster's own. Not `//host` (a
 * protocol-relative URL), no backslash (browsers read `/\host` as `//host`), no control characters,
 * nothing a URL parser would resolve off Roster's origin.
 */
export function returnToOf(returnTo: string | undefined): string {
  if (returnTo === undefined || returnTo === "") return DEFAULT_RETURN_TO;
  const base = "http://roster.invalid";
  const own =
    returnTo.startsWith("/") &&
    !returnTo.startsWith("//") &&
    !returnTo.includes("\\") &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(returnTo) &&
    returnTo.length <= 2048 &&
    URL.canParse(returnTo, base) &&
    new URL(returnTo, base).origin === base;
  if (!own) {
    const message = "returnTo must be a path of Roster's own, starting with a single /, e.g. /console/team.";
    throw RequestError.invalid(message, [{ path: "returnTo", message }]);
  }
  return returnTo;
}

/** The provider, from its discovery document; whatever stops that at a sign-in is the provider being unavailable. */
async function providerOf(deps: Pick<Deps, "settings" | "secretBox">, config: SsoConfigItem): Promise<client.Configuration> {
  const clientSecret = config.sealedClientSecret ? deps.secretBox.open(config.sealedClientSecret, secretBinding(config.issuer, config.clientId)) : null;
  try {
    return await discover(deps.settings, { issuer: config.issuer, clientId: config.clientId, clientSecret });
  } catch (error) {
    if (isDomainError(error, "sso.issuer_unreachable")) throw SsoError.providerUnavailable();
    throw error;
  }
}

export type Started = {
  /** Where the browser goes now: the provider's authorization endpoint. */
  authorizationUrl: string;
  /** The value of the browser binding cookie: the callback requires it back (login CSRF). */
  browserBinding: string;
  expiresAt: string;
};

/**
 * Starts a sign-in: authorization code flow with PKCE (S256), `state` and `nonce`. What the
 * callback needs is kept in a single-use item named by the state's hash, with the hash of a random
 * value the starting browser holds in a cookie: a callback URL pasted into another browser (the
 * login CSRF that signs a victim into the attacker's account) finds no cookie to match.
 */
export async function start(deps: Deps, input: { returnTo?: string | undefined }): Promise<Started> {
  const returnTo = returnToOf(input.returnTo);
  const config = await readSsoConfig(deps.db);
  if (!config) throw SsoError.notConfigured();
  const provider = await providerOf(deps, config);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const browserBinding = newSecret();
  const expiresAt = new Date(deps.clock.now().getTime() + FLOW_TTL_MS);
  await putSsoFlow(deps.db, {
    ...Keys.ssoFlow(sha256(state)),
    entity: "SsoFlow",
    codeVerifier,
    nonce,
    returnTo,
    browserHash: sha256(browserBinding),
    issuer: config.issuer,
    clientId: config.clientId,
    expiresAt: expiresAt.toISOString(),
    ttl: Math.ceil(expiresAt.getTime() / 1000),
  });
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: redirectUriOf(deps.settings.publicUrl),
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  return { authorizationUrl: url.href, browserBinding, expiresAt: expiresAt.toISOString() };
}

export type Finished = SsoSignedIn & { returnTo: string };

/**
 * The provider's redirect back. The flow is spent first (a replay finds nothing, whatever happens
 * next), then it must be unexpired, from this browser, for the provider configured now; openid-client
 * exchanges the code and checks state, PKCE, and the ID token (iss, aud, exp, nonce). Not its
 * signature: the token came straight from the token endpoint over TLS, which OpenID Connect Core
 * §3.1.3.7 lets stand in for it, so no JWKS is fetched and the provider is asked twice in all.
 * The person needs a verified email; their groups come from the configured claim.
 */
export async function callback(deps: Deps, input: { query: string; browserBinding: string | undefined }, context: RequestContext): Promise<Finished> {
  const params = new URLSearchParams(input.query);
  const state = params.get("state");
  if (!state) throw SsoError.signInFailed();
  const flow = await spendSsoFlow(deps.db, sha256(state));
  const now = deps.clock.now();
  if (!flow || Date.parse(flow.expiresAt) <= now.getTime()) throw SsoError.signInFailed();
  if (!input.browserBinding || !constantTimeEqual(flow.browserHash, sha256(input.browserBinding))) throw SsoError.signInFailed();
  const config = await readSsoConfig(deps.db);
  if (!config) throw SsoError.notConfigured();
  if (config.issuer !== flow.issuer || config.clientId !== flow.clientId) throw SsoError.signInFailed();
  const provider = await providerOf(deps, config);

  // The URL the provider redirected to, as registered: Roster's own public callback with the answer's query.
  const redirected = new URL(redirectUriOf(deps.settings.publicUrl));
  redirected.search = params.toString();
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(provider, redirected, { pkceCodeVerifier: flow.codeVerifier, expectedState: state, expectedNonce: flow.nonce, idTokenExpected: true });
    claims = tokens.claims();
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (providerDown(error)) {
      deps.log.warn("sso provider unavailable at the callback", { reason });
      throw SsoError.providerUnavailable();
    }
    deps.log.warn("sso callback refused", { reason });
    throw SsoError.signInFailed();
  }
  if (!claims) throw SsoError.signInFailed();
  if (claims.email_verified !== true) throw SsoError.emailUnverified();
  if (typeof claims.email !== "string" || !claims.email.includes("@")) throw SsoError.signInFailed();
  const groups = groupsOf(claims[config.groupsClaim]);
  if (!groups) {
    deps.log.warn("sso callback refused", { reason: `the ${config.groupsClaim} claim is not a list of strings` });
    throw SsoError.signInFailed();
  }
  const signedIn = await signInPerson(deps, config, { email: claims.email, groups }, context);
  return { ...signedIn, returnTo: flow.returnTo };
}

/** Absent: no groups. Anything but a list of strings is the provider's misconfiguration, not "no groups" (that would deprovision). */
function groupsOf(claim: unknown): string[] | null {
  if (claim === undefined) return [];
  if (Array.isArray(claim) && claim.every((group) => typeof group === "string")) return claim;
  return null;
}

/** What the provider says on its redirect back when it is the one failing (RFC 6749 §4.1.2.1), not the person or the request. */
const PROVIDER_FAULTS = new Set(["server_error", "temporarily_unavailable"]);

/**
 * The provider is down, not refusing: nothing reached it (a ProviderFetchError anywhere among the
 * causes: no connection, a stall past the timeout), it answered the code exchange with a server
 * error (5xx, with an OAuth error body or a gateway's page), or it redirected back saying it failed.
 * As discovery's 5xx already is, that is `unavailable` to the person: try again later, and starting
 * over at once will not help.
 */
function providerDown(error: unknown): boolean {
  if (error instanceof ProviderFetchError) return true;
  if (error instanceof Response || error instanceof client.ResponseBodyError) return error.status >= 500;
  if (error instanceof client.AuthorizationResponseError) return PROVIDER_FAULTS.has(error.error);
  return error instanceof Error && error.cause !== undefined && providerDown(error.cause);
}
