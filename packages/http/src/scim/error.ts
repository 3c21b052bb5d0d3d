import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** RFC 7644 §3.1: every SCIM answer, errors included, is this media type. */
export const SCIM_CONTENT_TYPE = "application/scim+json";
/** For `c.json(document, status, SCIM_HEADERS)`: SCIM's media type instead of application/json (a client may insist on it). */
export const SCIM_HEADERS = { "Content-Type": SCIM_CONTENT_TYPE };
export const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

/** RFC 7644 §3.12, Table 9: what a 400 or 409 says went wrong, for a client to act on. */
export type ScimType = "invalidFilter" | "tooMany" | "uniqueness" | "mutability" | "invalidSyntax" | "invalidPath" | "noTarget" | "invalidValue" | "invalidVers" | "sensitive";

/**
 * RFC 7644 §3.12's error: `status` is a string there, and `scimType` only where the RFC defines
 * one for the status. The one way every /scim/v2 failure is answered, by the router's handlers and
 * the resources built on it (400 `invalidFilter`/`invalidValue`, 404, 409 `uniqueness`).
 */
export function scimError<S extends ContentfulStatusCode>(c: Context, status: S, detail: string, scimType?: ScimType) {
  c.header("Cache-Control", "no-store");
  const body: { schemas: (typeof SCIM_ERROR_SCHEMA)[]; status: string; scimType?: string; detail: string } = { schemas: [SCIM_ERROR_SCHEMA], status: String(status), detail };
  if (scimType) body.scimType = scimType;
  return c.json(body, status, SCIM_HEADERS);
}

/** RFC 6750's challenge, as on the rest of the API: a presented token that is no good says so. */
export function scimUnauthorized(c: Context) {
  c.header("WWW-Authenticate", c.req.header("Authorization") ? 'Bearer realm="roster", error="invalid_token"' : 'Bearer realm="roster"');
  return scimError(c, 401, "A directory token is needed (Authorization: Bearer <token from POST /v1/scim-tokens>): this one is missing, invalid, expired or revoked.");
}
