import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { epochSeconds } from "../clock";
import type { Deps } from "../deps";
import { claimAssertion, readApiClient } from "../store/api-clients";
import { isConditionFailed } from "../store/transact";
import { signClientAccessToken } from "../tokens/access-token";
import { usableKeys, type ApiClientItem } from "./client";
import { OAUTH_PATHS } from "./metadata";
import { OAuthError } from "./oauth-error";
import { algorithmsOf, ASSERTION_ALGORITHMS } from "./public-key";
import { ApiClientIdSchema, ScopeSchema } from "./schemas";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** An assertion may not live longer than this: a stolen one is useless soon, and its jti is kept no longer. */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 256;
const CLOCK_TOLERANCE_SECONDS = 30;

export type TokenRequest = {
  grant_type?: string;
  client_assertion_type?: string;
  client_assertion?: string;
  client_id?: string;
  scope?: string;
};
export type IssuedToken = { access_token: string; token_type: "Bearer"; expires_in: number; scope: string };

/**
 * The client credentials grant with a `private_key_jwt` assertion (RFC 7523): the client signs a
 * short JWT naming itself (iss = sub = its id) and this endpoint (aud), and trades it for an access
 * token. Two round trips: the client item, then the assertion's jti claimed with a conditional put,
 * so of two requests with one assertion exactly one gets a token.
 */
export async function issueToken(deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings">, request: TokenRequest): Promise<IssuedToken> {
  if (!request.grant_type) throw OAuthError.invalidRequest("grant_type is missing.");
  if (request.grant_type !== "client_credentials") throw OAuthError.unsupportedGrantType();
  if (request.client_assertion_type !== JWT_BEARER) throw OAuthError.invalidRequest(`client_assertion_type must be ${JWT_BEARER}.`);
  if (!request.client_assertion) throw OAuthError.invalidRequest("client_assertion is missing.");
  const requested = parseScope(request.scope);

  const now = deps.clock.now();
  const claimed = claimsOf(request.client_assertion);
  if (request.client_id !== undefined && request.client_id !== claimed.iss) throw OAuthError.invalidClient();
  const client = await readApiClient(deps.db, claimed.iss);
  if (!client || client.status !== "ACTIVE") throw OAuthError.invalidClient();

  const payload = await verifyAssertion(client, request.client_assertion, claimed.kid, assertionAudiences(deps.settings.publicUrl), now);
  const scopes = requested ?? client.scopes;
  if (scopes.some((scope) => !client.scopes.includes(scope))) throw OAuthError.invalidScope("The client was not given every scope asked for.");
  await claimJti(deps, client.id, payload.jti!, payload.exp!);

  const ttlSeconds = deps.settings.accessTokenTtlSeconds;
  const accessToken = await signClientAccessToken(deps.signingKey, {
    clientId: client.id,
    actingUserId: client.clientType === "USER" ? client.createdBy.id : null,
    scopes,
    epoch: client.tokenEpoch ?? 0,
    issuer: deps.settings.publicUrl,
    now,
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

/** What is read before any key is known: only to find the client and its key, never trusted until verified. */
function claimsOf(assertion: string): { iss: string; kid: string | undefined } {
  let header: { alg?: string; kid?: string };
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(assertion);
    payload = decodeJwt(assertion);
  } catch {
    throw OAuthError.invalidClient();
  }
  if (!ASSERTION_ALGORITHMS.some((alg) => alg === header.alg)) throw OAuthError.invalidClient();
  if (!ApiClientIdSchema.safeParse(payload.iss).success || payload.sub !== payload.iss) throw OAuthError.invalidClient();
  return { iss: payload.iss!, kid: header.kid };
}

/**
 * Who an assertion may be addressed to: the token endpoint (RFC 7523) or the issuer itself, which
 * is what RFC 7523bis asks for and what current OAuth libraries send. jose takes an `aud` that is
 * either one of these or an array holding one.
 */
export const assertionAudiences = (issuer: string) => [issuer, `${issuer}${OAUTH_PATHS.token}`];

/** Verified with each key the client may sign with now (the header's `kid` picks one when given). */
async function verifyAssertion(client: ApiClientItem, assertion: string, kid: string | undefined, audience: string[], now: Date): Promise<JWTPayload> {
  const keys = usableKeys(client, now).filter((key) => kid === undefined || key.kid === kid);
  for (const key of keys) {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(assertion, key.jwk, {
        algorithms: algorithmsOf(key.jwk),
        issuer: client.id,
        subject: client.id,
        audience,
        currentDate: now,
        // A client's clock runs a little ahead or behind: an assertion it made "now" (nbf, iat)
        // is not from the future, nor one it made a moment ago expired, within these seconds.
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ["exp", "jti"],
      }));
    } catch {
      // Not this key (or expired, or for another audience): the next key, or invalid_client.
      continue;
    }
    const jti = payload.jti;
    if (payload.exp! - epochSeconds(now) > MAX_ASSERTION_LIFETIME_SECONDS || typeof jti !== "string" || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
      throw OAuthError.invalidClient();
    }
    return payload;
  }
  throw OAuthError.invalidClient();
}

/**
 * An assertion is good once. Its jti is kept until a minute past the assertion's expiry, beyond
 * the clock skew allowed (then its `exp` refuses it anyway, so correctness never waits for TTL to
 * delete the item).
 */
async function claimJti(deps: Pick<Deps, "db">, clientId: string, jti: string, exp: number): Promise<void> {
  try {
    await claimAssertion(deps.db, clientId, jti, exp);
  } catch (error) {
    if (isConditionFailed(error)) throw OAuthError.invalidClient();
    throw error;
  }
}
