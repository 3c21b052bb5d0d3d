/**
 * Why a token is refused. Stable codes, to branch on (and to log); the message is for people.
 *
 * - `token.malformed`: not a JWT at all.
 * - `token.signature_invalid`: not signed by one of Roster's keys with EdDSA (tampered, `alg: none`,
 *   another algorithm, a key Roster does not publish).
 * - `token.claim_invalid`: signed, but a claim or header is not what a Roster access token has
 *   (`claim` names it: `iss`, `aud`, `typ`, a missing `jti`, a `tenants` that is not an object…).
 * - `token.expired`: it was valid, and its `exp` has passed.
 * - `token.inactive`: Roster's introspection says it is not active now (revoked, logged out,
 *   its person deactivated, its client disabled, or never a token at all).
 */
export type InvalidTokenCode = "token.malformed" | "token.signature_invalid" | "token.claim_invalid" | "token.expired" | "token.inactive";

/** The token is not (or no longer) a Roster access token the caller may be trusted with. */
export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
  readonly code: InvalidTokenCode;
  /** The claim or header parameter at fault, for `token.claim_invalid` and `token.expired`. */
  readonly claim: string | undefined;

  constructor(code: InvalidTokenCode, message: string, options: { claim?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.claim = options.claim;
  }
}

/**
 * Why Roster could not be asked, so the token is neither accepted nor refused:
 *
 * - `roster.unreachable`: no usable answer (network, timeout, a 5xx, a body that is not what
 *   Roster sends). Worth a retry; a 503 to the caller, not a 401.
 * - `roster.refused`: Roster answered the verifier itself with an error (the introspecting client
 *   is unknown, disabled, or lacks the scope `tokens:introspect`): a configuration to fix.
 */
export type RosterRequestCode = "roster.unreachable" | "roster.refused";

export class RosterRequestError extends Error {
  override name = "RosterRequestError";
  readonly code: RosterRequestCode;
  /** Roster's HTTP status, when it answered. */
  readonly status: number | undefined;
  /** The RFC 6749 `error` Roster answered with, when it gave one. */
  readonly error: string | undefined;

  constructor(code: RosterRequestCode, message: string, options: { status?: number; error?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.error = options.error;
  }
}
