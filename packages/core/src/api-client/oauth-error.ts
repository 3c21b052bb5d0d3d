import { error, isDomainError, type CodesOf, type DomainError } from "../error";

/**
 * The token endpoint's failures, answered in RFC 6749's shape (`{error, error_description}`) rather
 * than as problem details: OAuth client libraries read `error`. The code is `oauth.<error>`.
 */
export const OAuthError = {
  invalidRequest: error("oauth.invalid_request", (description: string) => description),
  unsupportedGrantType: error("oauth.unsupported_grant_type", "Only grant_type=client_credentials is supported."),
  invalidScope: error("oauth.invalid_scope", (description: string) => description),
  /**
   * Every reason a client is not authenticated gets this one code, and a description that does not
   * tell an unknown client from a disabled one or a bad signature.
   */
  invalidClient: error("oauth.invalid_client", "Client authentication failed."),
  /** The client authenticated, but its scopes do not cover this endpoint (introspection needs `tokens:introspect`). */
  insufficientScope: error("oauth.insufficient_scope", (scope: string) => `This client needs the scope ${scope}.`),
};

export type OAuthErrorCode = CodesOf<typeof OAuthError>;

export const isOAuthError = (error: unknown): error is DomainError<OAuthErrorCode> => isDomainError(error) && error.code.startsWith("oauth.");
