import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { epochSeconds } from "../clock";
import type { Deps } from "../deps";
import { claimAssertion, readApiClient } from "../store/api-clients";
import { isConditionFailed } from "../store/transact";
import type { ApiClientItem } from "./client";
import { OAUTH_PATHS } from "./metadata";
import { OAuthError } from "./oauth-error";
import { algorithmsOf, ASSERTION_ALGORITHMS } from "./public-key";
import { ApiClientIdSchema } from "./schemas";
import { signingKeys } from "./signing-keys";

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** An assertion may not live longer than this: a stolen one is useless soon, and its jti is kept no longer. */
const MAX_ASSERTION_LIFETIME_SECONDS = 300;
const MAX_JTI_LENGTH = 256;
const CLOCK_TOLERANCE_SECONDS = 30;

/** How a client authenticates at every OAuth endpoint: `private_key_jwt` (RFC 7523 §2.2). */
export type ClientAuthentication = {
  client_assertion_type?: string | undefined;
  client_assertion?: string | undefined;
  client_id?: string | undefined;
};

/**
 * The active client that signed the assertion, in two round trips: the client item, then the
 * assertion's jti claimed with a conditional put, so of two requests with one assertion exactly one
 * gets through. The assertion names the client (iss = sub = its id) and Roster (aud: the issuer, or
 * the endpoint's own URL as RFC 7523 first asked). Every failure is `invalid_client`.
 */
export async function authenticateClientAssertion(
  deps: Pick<Deps, "db" | "clock" | "settings" | "log">,
  request: ClientAuthentication,
  endpoint: string,
): Promise<ApiClientItem> {
  if (request.client_assertion_type !== JWT_BEARER) throw OAuthError.invalidRequest(`client_assertion_type must be ${JWT_BEARER}.`);
  if (!request.client_assertion) throw OAuthError.invalidRequest("client_assertion is missing.");
  const now = deps.clock.now();
  const claimed = claimsOf(request.client_assertion);
  if (request.client_id !== undefined && request.client_id !== claimed.iss) throw OAuthError.invalidClient();
  const client = await readApiClient(deps.db, claimed.iss);
  if (!client || client.status !== "ACTIVE") throw OAuthError.invalidClient();

  const payload = await verifyAssertion(deps, client, request.client_assertion, claimed.kid, assertionAudiences(deps.settings.publicUrl, endpoint), now);
  await claimJti(deps, client.id, payload.jti!, payload.exp!);
  return client;
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
 * Who an assertion may be addressed to: the endpoint it is sent to (RFC 7523) or the issuer itself,
 * which is what RFC 7523bis asks for and what current OAuth libraries send. jose takes an `aud`
 * that is either one of these or an array holding one.
 */
export const assertionAudiences = (issuer: string, endpoint: string = OAUTH_PATHS.token) => [issuer, `${issuer}${endpoint}`];

/**
 * Verified with each key the client may sign with now (the header's `kid` picks one when given):
 * its registered keys, or those of its JWKS (see signing-keys.ts).
 */
async function verifyAssertion(
  deps: Pick<Deps, "clock" | "settings" | "log">,
  client: ApiClientItem,
  assertion: string,
  kid: string | undefined,
  audience: string[],
  now: Date,
): Promise<JWTPayload> {
  const keys = await signingKeys(deps, client, kid, now);
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
