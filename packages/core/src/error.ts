/**
 * Every failure the domain can explain carries a stable dotted code (`setup.expired`). Each area
 * keeps its own catalog of factories (`SetupError.expired()`); the HTTP layer maps codes to
 * statuses in one table. Anything that is not a DomainError is a bug and becomes a 500 without
 * internals.
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown, code?: string): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** Errors that belong to no single area. */
export const AuthError = {
  unauthenticated: () => new DomainError("auth.unauthenticated", "Sign in to continue: the access token is missing, invalid or expired."),
  forbidden: () => new DomainError("auth.forbidden", "You are signed in but not allowed to do this."),
  invalidCredentials: () =>
    new DomainError("auth.invalid_credentials", "The email, password or authenticator code is not right."),
  throttled: (retryAfterSeconds: number) =>
    new DomainError("auth.throttled", `Too many sign-in attempts. Try again in ${retryAfterSeconds} seconds.`, {
      retryAfterSeconds,
    }),
  invalidRefresh: () => new DomainError("auth.invalid_refresh", "The refresh token is invalid, expired or already used."),
  reauthenticationFailed: (message = "The current password is not right.") => new DomainError("auth.reauthentication_failed", message),
  sessionRequired: () =>
    new DomainError(
      "auth.session_required",
      "Sign in to do this: lasting credentials (personal access tokens, API clients and their keys) are made only from a signed-in session, not with a token.",
    ),
  mfaEnrollmentRequired: (enrollmentToken: string) =>
    new DomainError("auth.mfa_enrollment_required", "Your authenticator was reset: enroll a new one to continue.", {
      enrollmentToken,
    }),
};

export const ServiceError = {
  unavailable: () => new DomainError("service.unavailable", "Storage is unreachable right now. Try again shortly."),
};
