import { OAUTH_PATHS, OAuthError } from "@roster/core/start";
import { bodyLimit } from "hono/body-limit";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { oauthError, problem } from "../errors";
import { scimError } from "../scim/error";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * 413 `request.too_large` past 64 KiB: judged on Content-Length when declared (Node's server and
 * API Gateway both hold a body to its declared length), on the bytes read otherwise. The OAuth
 * endpoints say it in RFC 6749's terms, which is all their client libraries read.
 *
 * Hono's bodyLimit is left the one case only it can judge, a body of undeclared length, which it
 * reads and counts. Its first step, looking at `c.req.raw.body`, makes the Node adapter build a
 * whole WHATWG Request, for a GET too: a GET or HEAD (which the Fetch standard lets carry no body)
 * and a declared length are decided without it.
 */
export const limitBody = () => {
  const countBytes = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    const length = c.req.header("Content-Length");
    if (length === undefined || c.req.header("Transfer-Encoding") !== undefined) return countBytes(c, next);
    if (Number.parseInt(length, 10) > MAX_BODY_BYTES) return tooLarge(c);
    await next();
  });
};

function tooLarge(c: Context) {
  const detail = `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`;
  if (isScimPath(c.req.path)) return scimError(c, 413, detail);
  return OAUTH_FORM_PATHS.has(c.req.path) ? oauthError(c, "invalid_request", detail, 413) : problem(c, "request.too_large", detail);
}

// Any `+json` type is JSON: SCIM clients send `application/scim+json` (RFC 7644 §3.1), and so may others.
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_TYPE = /^application\/x-www-form-urlencoded$/i;

/** The API routes that read a form, as RFC 6749, 7662 and 7009 say; each checks its own body (requireForm). */
const OAUTH_FORM_PATHS: ReadonlySet<string> = new Set([OAUTH_PATHS.token, OAUTH_PATHS.introspection, OAUTH_PATHS.revocation]);

/** The HTML console posts forms, as browsers do; its own router reads them (console/forms.ts). */
const takesForms = (path: string) => OAUTH_FORM_PATHS.has(path) || /^\/(console|portal)(\/|$)/.test(path);

/** SCIM clients read SCIM's error schema only, for a body refused before any route ran too. */
const isScimPath = (path: string) => path === "/scim/v2" || path.startsWith("/scim/v2/");

/**
 * RFC 9112 §6.3: a request has a body only if it declares a length above zero or a transfer
 * coding. (Node gives every POST a body stream, so the stream says nothing: `curl -X POST` with no
 * data must pass.) A body sent without either header is caught by the validator's 415.
 */
function sendsBodyIn(c: Context, type: RegExp): "none" | "expected" | "other" {
  if (!["POST", "PUT", "PATCH"].includes(c.req.method)) return "none";
  const length = Number(c.req.header("Content-Length") ?? 0);
  if (!(length > 0 || c.req.header("Transfer-Encoding") !== undefined)) return "none";
  const mediaType = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim();
  return type.test(mediaType) ? "expected" : "other";
}

/**
 * A body in another format than the route reads would otherwise be ignored and reported as
 * "missing fields": say what is wrong instead.
 */
export const requireJson = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!takesForms(c.req.path) && sendsBodyIn(c, JSON_TYPE) === "other") {
      if (isScimPath(c.req.path)) return scimError(c, 415, "Send the body as application/scim+json.");
      return problem(c, "request.unsupported_media_type", "Send the body as application/json.");
    }
    await next();
  });

/** The OAuth endpoints answer in RFC 6749's terms: a body they cannot read is an invalid request. */
export const requireForm = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (sendsBodyIn(c, FORM_TYPE) === "other") throw OAuthError.invalidRequest("Send the body as application/x-www-form-urlencoded.");
    await next();
  });
