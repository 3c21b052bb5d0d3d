import { DomainError } from "../error";

/**
 * The token endpoint's failures, answered in RFC 6749's shape (`{error, error_description}`) rather
 * than as problem details: OAuth client libraries read `error`. The code is `oauth.<error>`.
 */
export const OAuthError = {
  invalidRequest: (description: string) => new DomainError("oauth.invalid_request", description),
  unsupportedGrantType: () => new DomainError("oauth.unsupported_grant_type", "Only grant_type=client_credentials is supported."),
  invalidScope: (description: string) => new DomainError("oauth.invalid_scope", description),
  /**
   * Every reason a client is not authenticated gets this one code, and a description that does not
   * tell an unknown client from a disabled one or a bad signature.
   */
  invalidClient: () => new DomainError("oauth.invalid_client", "Client authentication failed."),
};

export const isOAuthError = (error: unknown): error is DomainError => error instanceof DomainError && error.code.startsWith("oauth.");
