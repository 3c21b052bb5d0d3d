/**
 * Every failure the domain can explain carries a stable dotted code (`setup.expired`). Each area
 * keeps a catalog of factories made with `error()` (`SetupError.expired()`), and the code of each
 * is a literal type: `ErrorCode` (error-codes.ts) is the union of every catalog's codes, and the
 * HTTP layer's status table must name each of them exactly once, which the compiler checks.
 * A DomainError can only be minted by a catalog, so no code escapes the table by being raised
 * inline. Anything that is not a DomainError is a bug and becomes a 500 without internals.
 */
const MINT: unique symbol = Symbol("roster.error-catalog");

export class DomainError<C extends string = string> extends Error {
  override readonly name = "DomainError";
  readonly code: C;
  readonly details?: Record<string, unknown>;

  /** Not for use outside this file: catalogs make errors with `error()`. */
  constructor(mint: typeof MINT, code: C, message: string, details?: Record<string, unknown>) {
    if (mint !== MINT) throw new TypeError("Domain errors are made by a catalog's factories (error()).");
    super(message);
    this.code = code;
    if (details) this.details = details;
  }
}

/** What a factory makes from its arguments: the message alone, or with details for the caller. */
type Made = string | { message: string; details?: Record<string, unknown> };

/**
 * One entry of an error catalog: `error("user.not_found", "No user has this id.")`, or a factory
 * taking arguments: `error("user.email_taken", (email: string) => `${email} is taken.`)`.
 */
export function error<const C extends string>(code: C, message: string): () => DomainError<C>;
export function error<const C extends string, A extends unknown[]>(code: C, make: (...args: A) => Made): (...args: A) => DomainError<C>;
export function error<const C extends string, A extends unknown[]>(code: C, make: string | ((...args: A) => Made)) {
  return (...args: A) => {
    const made = typeof make === "string" ? make : make(...args);
    return typeof made === "string" ? new DomainError(MINT, code, made) : new DomainError(MINT, code, made.message, made.details);
  };
}

/** The codes of a catalog, as a union of literal types. */
export type CodesOf<T> = { [K in keyof T]: T[K] extends (...args: never[]) => DomainError<infer C> ? C : never }[keyof T];

export function isDomainError<C extends string>(error: unknown, code?: C): error is DomainError<C> {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** Errors that belong to no single area. */
export const AuthError = {
  unauthenticated: error("auth.unauthenticated", "Sign in to continue: the access token is missing, invalid or expired."),
  /** With the scope an API client's token lacks, when a scope would have allowed it (RFC 6750's insufficient_scope). */
  forbidden: error("auth.forbidden", (requiredScope?: string) =>
    requiredScope
      ? { message: `This needs the scope ${requiredScope}, which the token was not given.`, details: { requiredScope } }
      : "You are signed in but not allowed to do this.",
  ),
  invalidCredentials: error("auth.invalid_credentials", "The email, password or authenticator code is not right."),
  throttled: error("auth.throttled", (retryAfterSeconds: number) => ({
    message: `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`,
    details: { retryAfterSeconds },
  })),
  invalidRefresh: error("auth.invalid_refresh", "The refresh token is invalid, expired or already used."),
  reauthenticationFailed: error("auth.reauthentication_failed", (message: string = "The current password is not right.") => message),
  sessionRequired: error(
    "auth.session_required",
    "Sign in to do this: lasting credentials (personal access tokens, API clients and their keys) are made only from a signed-in session, not with a token.",
  ),
  mfaEnrollmentRequired: error("auth.mfa_enrollment_required", (enrollmentToken: string) => ({
    message: "Your authenticator was reset: enroll a new one to continue.",
    details: { enrollmentToken },
  })),
};

export const ServiceError = {
  unavailable: error("service.unavailable", "Storage is unreachable right now. Try again shortly."),
};

/** What the caller sent is wrong in a way the route's schema could not see. */
export const RequestError = {
  invalid: error("request.invalid", (message: string, errors: { path: string; message: string }[]) => ({ message, details: { errors } })),
  /** Another transaction was changing the same items at that moment; nothing was written. */
  conflict: error("request.conflict", "Another change to the same data was in progress. Nothing was changed: try again."),
};
