import { DomainError, isOAuthError, isStorageUnavailable, describeError, type ErrorCode } from "@roster/core/start";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./env";

/** Codes only the HTTP layer answers with: what went wrong before any domain code ran. */
type HttpErrorCode =
  | "request.malformed"
  | "request.too_large"
  | "request.unsupported_media_type"
  | "route.not_found"
  | "internal.error";

/** Every code a problem can carry. */
export type ProblemCode = ErrorCode | HttpErrorCode;

/**
 * The one table from codes to HTTP statuses. `satisfies` makes the compiler hold it to the domain's
 * catalogs: a code without a status, or a status for a code no catalog has, does not build.
 */
export const STATUS = {
  "request.malformed": 400,
  "request.invalid": 400,
  "request.too_large": 413,
  "request.unsupported_media_type": 415,
  "request.conflict": 409,
  "route.not_found": 404,
  "service.unavailable": 503,
  "internal.error": 500,
  "auth.unauthenticated": 401,
  "auth.forbidden": 403,
  "auth.invalid_credentials": 401,
  "auth.throttled": 429,
  "auth.invalid_refresh": 401,
  "auth.mfa_enrollment_required": 403,
  "auth.reauthentication_failed": 403,
  "auth.session_required": 403,
  "token.not_found": 404,
  "scim_token.not_found": 404,
  "scim.invalid_filter": 400,
  "scim.invalid_syntax": 400,
  "scim.invalid_path": 400,
  "scim.invalid_value": 400,
  "scim.user_name_immutable": 400,
  "scim.owner_protected": 409,
  "scim.local_person": 403,
  "scim.group_not_found": 404,
  "scim.group_name_taken": 409,
  "scim.unknown_member": 400,
  "auth.invalid_enrollment": 401,
  "auth.mfa_enrollment_not_started": 409,
  "setup.not_found": 404,
  "setup.expired": 410,
  "setup.used": 410,
  "setup.totp_not_started": 409,
  "password.too_weak": 400,
  "totp.invalid": 400,
  "user.email_taken": 409,
  "user.not_found": 404,
  "user.self_action": 409,
  "user.last_admin": 409,
  "user.owner_protected": 409,
  "user.not_active": 409,
  "user.not_deactivated": 409,
  "user.not_invited": 409,
  "user.not_eligible_owner": 409,
  "user.changed": 409,
  "user.too_many_memberships": 409,
  // On a user's role change it is the memberships they hold (409); the membership routes make it
  // a 400, since there it is the role asked for (see MEMBERSHIP_ROUTE_STATUS).
  "membership.role_mismatch": 409,
  "membership.expiry_required": 400,
  "membership.expiry_too_far": 400,
  "membership.not_found": 404,
  "membership.exists": 409,
  "membership.cannot_invite": 409,
  "tenant.slug_taken": 409,
  "tenant.not_found": 404,
  "workspace.owner_exists": 409,
  "api_client.not_found": 404,
  "api_client.invalid_key": 400,
  "api_client.not_active": 409,
  "api_client.not_disabled": 409,
  "api_client.changed": 409,
  "api_client.jwks_managed": 409,
  "sso.not_configured": 404,
  "sso.issuer_unreachable": 400,
  "sso.changed": 409,
  "sso.managed": 409,
  "sso.unknown_tenant": 400,
  "sso.role_mismatch": 400,
  "sso.client_secret_required": 400,
  "sso.provider_unavailable": 503,
  "sso.sign_in_failed": 401,
  "sso.email_unverified": 403,
  "sso.no_access": 403,
  // The OAuth endpoints' errors (RFC 6749, 6750's insufficient_scope), answered as `{error, error_description}` (oauthErrorHandler).
  "oauth.invalid_request": 400,
  "oauth.unsupported_grant_type": 400,
  "oauth.invalid_scope": 400,
  "oauth.invalid_client": 401,
  "oauth.insufficient_scope": 403,
} as const satisfies Record<ProblemCode, ContentfulStatusCode>;

export const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(STATUS, code);

/** Where a route's contract (API.md) gives a code another status than the table's. */
export type StatusOverrides = Partial<Record<ErrorCode, ContentfulStatusCode>>;

const TITLES: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export type FieldError = { path: string; message: string };
type Extra = { errors?: FieldError[]; [key: string]: unknown };

/** RFC 9457 problem details, with Roster's stable `code`. */
export function problem(c: Context, code: ProblemCode, detail: string, extra: Extra = {}, status: ContentfulStatusCode = STATUS[code]) {
  c.header("Content-Type", "application/problem+json");
  c.header("Cache-Control", "no-store");
  return c.body(JSON.stringify({ type: `urn:roster:error:${code}`, title: TITLES[status] ?? "Error", status, code, detail, ...extra }), status);
}

/** The `errors` an SSO configuration error names its field with (sso/sso.ts builds them from the admin's own input). */
const ssoFieldErrors = (e: DomainError): Extra => (Array.isArray(e.details?.errors) ? { errors: e.details.errors } : {});

/** Fields of a domain error's details that the client may see (never internals). */
const PUBLIC_DETAILS: Partial<Record<ErrorCode, (error: DomainError) => Extra>> = {
  "auth.mfa_enrollment_required": (e) => ({ enrollmentToken: e.details?.enrollmentToken }),
  "auth.throttled": (e) => ({ retryAfterSeconds: e.details?.retryAfterSeconds }),
  // Named by field, so a form can show it where it belongs.
  "password.too_weak": (e) => ({
    errors: [{ path: typeof e.details?.path === "string" ? e.details.path : "password", message: e.message }],
    suggestions: e.details?.suggestions ?? [],
  }),
  "totp.invalid": (e) => ({ errors: [{ path: "totpCode", message: e.message }] }),
  "api_client.invalid_key": (e) => ({ errors: [{ path: "publicKey", message: e.message }] }),
  "request.invalid": (e) => (Array.isArray(e.details?.errors) ? { errors: e.details.errors } : {}),
  // A mapping or field of the SSO configuration, named by its path.
  "sso.issuer_unreachable": (e) => ssoFieldErrors(e),
  "sso.unknown_tenant": (e) => ssoFieldErrors(e),
  "sso.role_mismatch": (e) => ssoFieldErrors(e),
  "sso.client_secret_required": (e) => ssoFieldErrors(e),
};

/**
 * RFC 6750's challenge: every 401 names the realm; one to a request that presented a token says
 * the token is no good (`invalid_token`), and a 403 that a scope would have avoided names it
 * (`insufficient_scope`), so a library can tell "get a new token" from "ask for more".
 */
function bearerChallenge(c: Context, error: DomainError<ErrorCode>, status: number): string | undefined {
  if (status === 401) return error.code === "auth.unauthenticated" && c.req.header("Authorization") ? 'Bearer realm="roster", error="invalid_token"' : 'Bearer realm="roster"';
  const scope = error.details?.requiredScope;
  if (status === 403 && typeof scope === "string") return `Bearer realm="roster", error="insufficient_scope", scope="${scope}"`;
  return undefined;
}

function domainProblem(c: Context, error: DomainError<ErrorCode>, overrides: StatusOverrides) {
  const status = overrides[error.code] ?? STATUS[error.code];
  if (error.code === "auth.throttled") c.header("Retry-After", String(error.details?.retryAfterSeconds ?? 1));
  const challenge = bearerChallenge(c, error, status);
  if (challenge) c.header("WWW-Authenticate", challenge);
  return problem(c, error.code, error.message, PUBLIC_DETAILS[error.code]?.(error) ?? {}, status);
}

/** A code the table does not know is a bug of ours, never a status of the caller's. */
const isKnown = (error: DomainError): error is DomainError<ErrorCode> => Object.hasOwn(STATUS, error.code);

/**
 * Everything thrown ends here: domain errors become their problem, outages 503, the rest a bare
 * 500 whose detail quotes the request id (the log has the rest). A router whose contract gives a
 * code another status installs its own handler with `overrides`.
 */
export function errorHandler(overrides: StatusOverrides = {}) {
  return (error: Error, c: Context<AppEnv>) => {
    if (error instanceof DomainError && isKnown(error)) return domainProblem(c, error, overrides);
    if (error instanceof HTTPException) {
      if (error.status === 400 && /malformed json/i.test(error.message)) return problem(c, "request.malformed", "The request body is not valid JSON.");
      if (error.status === 413) return problem(c, "request.too_large", "The request body is larger than 64 KiB.");
      if (error.status === 415) return problem(c, "request.unsupported_media_type", "Send the body as application/json.");
      if (error.status === 400) return problem(c, "request.invalid", error.message || "The request is not valid.");
    }
    const requestId = c.get("requestId");
    const log = c.get("deps").log;
    if (isStorageUnavailable(error)) {
      log.error("storage unavailable", { requestId, ...describeError(error) });
      c.header("Retry-After", "5");
      return problem(c, "service.unavailable", "Storage is unreachable right now. Try again shortly.");
    }
    log.error("unhandled error", { requestId, ...describeError(error), stack: error.stack });
    return problem(c, "internal.error", `Something went wrong on our side. Quote request id ${requestId ?? "unknown"} when reporting it.`);
  };
}

/**
 * Every answer of the OAuth endpoints, its errors included, is about credentials: never stored
 * by a cache, old HTTP/1.0 ones included (RFC 6749 §5.1, RFC 7662 §4).
 */
export function noStoreCredentials(c: Context) {
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
}

/** RFC 6749 §5.2: what OAuth client libraries read at the token endpoint, instead of a problem. */
export function oauthError(c: Context, error: string, description: string, status: ContentfulStatusCode) {
  noStoreCredentials(c);
  return c.json({ error, error_description: description }, status);
}

/**
 * The token endpoint's handler: its own errors in RFC 6749's shape; anything else (a body it
 * cannot read, an outage, a bug) is logged and answered as a problem would be, then said in
 * OAuth's terms, where a client's fault is an invalid request.
 */
export function oauthErrorHandler() {
  const handle = errorHandler();
  return (error: Error, c: Context<AppEnv>) => {
    if (isOAuthError(error)) return oauthError(c, error.code.slice("oauth.".length), error.message, STATUS[error.code]);
    const { status } = handle(error, c);
    if (status === 503) return oauthError(c, "temporarily_unavailable", "Storage is unreachable right now. Try again shortly.", 503);
    if (status >= 500) return oauthError(c, "server_error", "Something went wrong on our side.", 500);
    return oauthError(c, "invalid_request", "The request is not a valid token request.", 400);
  };
}
