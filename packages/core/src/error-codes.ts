import type { ApiClientError } from "./api-client/client";
import type { OAuthError } from "./api-client/oauth-error";
import type { AuthError, CodesOf, RequestError, ServiceError } from "./error";
import type { MembershipError } from "./membership/membership";
import type { PasswordError } from "./password/errors";
import type { PersonalTokenError } from "./personal-token/token";
import type { ScimTokenError } from "./scim-token/token";
import type { ScimError } from "./scim/errors";
import type { AccessError } from "./policy/access-error";
import type { EnrollmentError } from "./session/enrollment-token";
import type { SetupError } from "./setup/errors";
import type { SsoError } from "./sso/sso";
import type { TenantError } from "./tenant/tenant";
import type { TotpError } from "./totp/totp";
import type { GuardError, UserError } from "./user/errors";
import type { WorkspaceError } from "./workspace/ensure-owner";

/**
 * Every code the domain can answer with: the union of every catalog's literal codes. The HTTP
 * layer's status table is typed by it, so the compiler refuses a code without a status, a status
 * for a code that does not exist, and a new catalog left out here leaves its codes without one.
 */
export type ErrorCode =
  | CodesOf<typeof AuthError>
  | CodesOf<typeof ServiceError>
  | CodesOf<typeof RequestError>
  | CodesOf<typeof AccessError>
  | CodesOf<typeof UserError>
  | CodesOf<typeof GuardError>
  | CodesOf<typeof SetupError>
  | CodesOf<typeof PasswordError>
  | CodesOf<typeof TotpError>
  | CodesOf<typeof EnrollmentError>
  | CodesOf<typeof PersonalTokenError>
  | CodesOf<typeof ScimTokenError>
  | CodesOf<typeof ScimError>
  | CodesOf<typeof TenantError>
  | CodesOf<typeof MembershipError>
  | CodesOf<typeof ApiClientError>
  | CodesOf<typeof OAuthError>
  | CodesOf<typeof WorkspaceError>
  | CodesOf<typeof SsoError>;

/** The catalogs, for a test that makes one error of every factory. */
export type Catalogs = [
  typeof AuthError,
  typeof ServiceError,
  typeof RequestError,
  typeof AccessError,
  typeof UserError,
  typeof GuardError,
  typeof SetupError,
  typeof PasswordError,
  typeof TotpError,
  typeof EnrollmentError,
  typeof PersonalTokenError,
  typeof ScimTokenError,
  typeof ScimError,
  typeof TenantError,
  typeof MembershipError,
  typeof ApiClientError,
  typeof OAuthError,
  typeof WorkspaceError,
  typeof SsoError,
];
