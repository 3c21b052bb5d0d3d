import { createRemoteJWKSet, errors, jwtVerify } from "jose";
import { InvalidTokenError, RosterRequestError } from "./errors";
import { identityFrom, type RosterIdentity } from "./identity";
import { endpointOf, issuerOf, ROSTER_AUDIENCE, ROSTER_PATHS } from "./issuer";

/** Checks a bearer token and says who it stands for, or throws `InvalidTokenError` / `RosterRequestError`. */
export type TokenVerifier = (token: string) => Promise<RosterIdentity>;

export type OfflineVerifierOptions = {
  /** Roster's `ROSTER_PUBLIC_URL`, exactly as its tokens name it in `iss`. */
  issuer: string;
  /** Where Roster's JWKS is; `${issuer}/.well-known/jwks.json` by default. */
  jwksUri?: string | URL;
  /** Leeway for `exp` against this machine's clock (jose's `clockTolerance`: seconds, or "30s"); none by default. */
  clockTolerance?: number | string;
  /** The clock `exp` is checked against; the system clock by default. */
  now?: () => Date;
  /** How long one fetch of the JWKS may take, in milliseconds (jose's default, 5000). */
  timeoutMs?: number;
};

/** Roster signs with Ed25519 only; `Ed25519` is RFC 9864's name for what JOSE long called `EdDSA`. */
const ALGORITHMS = ["EdDSA", "Ed25519"];
/** RFC 9068 §2.2: what every JWT access token carries. */
const REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat", "jti", "client_id"];

/**
 * Verifies Roster's access tokens without asking Roster: the signature against its published
 * keys (fetched once and cached by jose, refetched when a token names a key it has not seen, so
 * Roster's key rotation needs nothing here), then `typ: at+jwt`, the issuer, the audience, expiry
 * and RFC 9068's claims. A token is good until its `exp` even if its person is deactivated in
 * between: when that matters more than a round trip, introspect (`createTokenIntrospector`).
 */
export function createTokenVerifier(options: OfflineVerifierOptions): TokenVerifier {
  const issuer = issuerOf(options.issuer);
  const keys = createRemoteJWKSet(endpointOf(issuer, ROSTER_PATHS.jwks, options.jwksUri), { timeoutDuration: options.timeoutMs });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: ALGORITHMS,
        typ: "at+jwt",
        issuer,
        audience: ROSTER_AUDIENCE,
        requiredClaims: REQUIRED_CLAIMS,
        clockTolerance: options.clockTolerance,
        currentDate: options.now?.(),
      });
      if (typeof payload.jti !== "string") throw new InvalidTokenError("token.claim_invalid", 'The token\'s "jti" must be a string.', { claim: "jti" });
      return identityFrom(payload);
    } catch (error) {
      throw refusal(error);
    }
  };
}

/** jose's failure, said in this package's terms: what is wrong with the token, or that Roster's keys could not be had. */
function refusal(error: unknown): Error {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError("token.expired", "The token has expired.", { claim: error.claim, cause: error });
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InvalidTokenError("token.claim_invalid", `The token's "${error.claim}" is not Roster's (${error.reason}).`, { claim: error.claim, cause: error });
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported) {
    return new InvalidTokenError("token.malformed", "The token is not a signed JWT.", { cause: error });
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new InvalidTokenError("token.signature_invalid", "The token is not signed by Roster.", { cause: error });
  }
  // What is left is the key set's: a timeout, a network failure, a non-200 or a body that is no JWKS.
  return new RosterRequestError("roster.unreachable", `Roster's signing keys could not be fetched: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
