import { ApiClient, DomainError, isStorageUnavailable, describeError, type Logger } from "@roster/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The one table from domain error codes to HTTP statuses. A code missing here is a bug (tested). */
export const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  "request.malformed": 400,
  "request.invalid": 400,
  "request.too_large": 413,
  "request.unsupported_media_type": 415,
  "request.conflict": 409,
  "route.not_found": 404,
  "route.method_not_allowed": 405,
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
  // 409 on a user's role change (the memberships they hold); 400 on the membership routes (see routes/memberships.ts).
  "membership.role_mismatch": 409,
  "membership.expiry_required": 400,
  "membership.expiry_too_far": 400,
  "membership.not_found": 404,
  "membership.exists": 409,
  "membership.cannot_invite": 409,
  "tenant.slug_taken": 409,
  "tenant.not_found": 404,
  "workspace.owner_exists": 409,
  "workspace.owner_changed": 409,
  "api_client.not_found": 404,
  "api_client.invalid_key": 400,
  "api_client.not_active": 409,
  "api_client.not_disabled": 409,
  "api_client.changed": 409,
  // The token endpoint's RFC 6749 errors (answered as `{error, error_description}`, see oauthError).
  "oauth.invalid_request": 400,
  "oauth.unsupported_grant_type": 400,
  "oauth.invalid_scope": 400,
  "oauth.invalid_client": 401,
};

const TITLES: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export type FieldError = { path: string; message: string };

/** RFC 9457 problem details, with Roster's stable `code`. */
export function problem(c: Context, code: string, detail: string, extra: { errors?: FieldError[]; [key: string]: unknown } = {}) {
  const overrides = c.get("statusOverrides" as never) as Record<string, ContentfulStatusCode> | undefined;
  const status = overrides?.[code] ?? STATUS_BY_CODE[code] ?? 500;
  c.header("Content-Type", "application/problem+json");
  c.header("Cache-Control", "no-store");
  return c.body(
    JSON.stringify({ type: `urn:roster:error:${code}`, title: TITLES[status] ?? "Error", status, code, detail, ...extra }),
    status,
  );
}

/** Fields of a domain error's details that the client may see (never internals). */
const PUBLIC_DETAILS: Record<string, (error: DomainError) => Record<string, unknown>> = {
  "auth.mfa_enrollment_required": (e) => ({ enrollmentToken: e.details?.enrollmentToken }),
  "auth.throttled": (e) => ({ retryAfterSeconds: e.details?.retryAfterSeconds }),
  // Named by field, so a form can show it where it belongs.
  "password.too_weak": (e) => ({
    errors: [{ path: typeof e.details?.path === "string" ? e.details.path : "password", message: e.message }],
    suggestions: e.details?.suggestions ?? [],
  }),
  "totp.invalid": (e) => ({ errors: [{ path: "totpCode", message: e.message }] }),
  "api_client.invalid_key": (e) => ({ errors: [{ path: "publicKey", message: e.message }] }),
  "request.invalid": (e) => (e.details?.errors ? { errors: e.details.errors } : {}),
};

export function domainProblem(c: Context, error: DomainError) {
  if (error.code === "auth.throttled") c.header("Retry-After", String(error.details?.retryAfterSeconds ?? 1));
  if (STATUS_BY_CODE[error.code] === 401) c.header("WWW-Authenticate", 'Bearer realm="roster"');
  const extra = PUBLIC_DETAILS[error.code]?.(error) ?? {};
  return problem(c, error.code, error.message, extra);
}

/** RFC 6749 §5.2: what OAuth client libraries read at the token endpoint, instead of a problem. */
export function oauthError(c: Context, error: string, description: string, status: ContentfulStatusCode) {
  c.header("Cache-Control", "no-store");
  c.header("Pragma", "no-cache");
  return c.json({ error, error_description: description }, status);
}

export const OAUTH_PATH = "/oauth/token";

/**
 * Everything thrown ends here: domain errors become their problem, outages 503, the rest a bare
 * 500. At the token endpoint the same answers are given in RFC 6749's shape.
 */
export function errorHandler(log: Logger) {
  const handle = problemHandler(log);
  return (error: Error, c: Context) => {
    if (c.req.path !== OAUTH_PATH) return handle(error, c);
    if (ApiClient.isOAuthError(error)) return oauthError(c, error.code.slice("oauth.".length), error.message, STATUS_BY_CODE[error.code] ?? 400);
    // Anything else there (a body it cannot read, an outage, a bug) is logged and answered as a
    // problem would be, then said in OAuth's terms: a client's fault is an invalid request.
    const { status } = handle(error, c);
    if (status === 503) return oauthError(c, "temporarily_unavailable", "Storage is unreachable right now. Try again shortly.", 503);
    if (status >= 500) return oauthError(c, "server_error", "Something went wrong on our side.", 500);
    return oauthError(c, "invalid_request", "The request is not a valid token request.", 400);
  };
}

/** The problem for anything thrown (see errorHandler). */
function problemHandler(log: Logger) {
  return (error: Error, c: Context) => {
    if (error instanceof DomainError) return domainProblem(c, error);
    if (error instanceof HTTPException) {
      if (error.status === 400 && /malformed json/i.test(error.message)) {
        return problem(c, "request.malformed", "The request body is not valid JSON.");
      }
      if (error.status === 413) return problem(c, "request.too_large", "The request body is larger than 64 KiB.");
      if (error.status === 415) return problem(c, "request.unsupported_media_type", "Send the body as application/json.");
      if (error.status === 400) return problem(c, "request.invalid", error.message || "The request is not valid.");
    }
    const requestId = c.get("requestId" as never) as string | undefined;
    if (isStorageUnavailable(error)) {
      log.error("storage unavailable", { requestId, ...describeError(error) });
      c.header("Retry-After", "5");
      return problem(c, "service.unavailable", "Storage is unreachable right now. Try again shortly.");
    }
    log.error("unhandled error", { requestId, ...describeError(error), stack: error.stack });
    return problem(c, "internal.error", `Something went wrong on our side. Quote request id ${requestId ?? "unknown"} when reporting it.`);
  };
}
