import { z } from "@hono/zod-openapi";
import { ApiClient } from "@roster/core";
import { oauthErrorHandler } from "../errors";
import { OAUTH_TOKEN_PATH, requireForm } from "../middleware/body-guard";
import { OAuthErrorSchema, OAuthTokenSchema } from "../schemas";
import { createRoute, jsonResponse, newRouter } from "./router";

/** Every field optional: what is missing or wrong is answered in RFC 6749's terms by the domain, not as a problem. */
const TokenForm = z
  .object({
    grant_type: z.string().optional().openapi({ example: "client_credentials" }),
    client_assertion_type: z.string().optional().openapi({ example: ApiClient.JWT_BEARER }),
    client_assertion: z.string().optional().openapi({ description: "The client's signed JWT." }),
    client_id: z.string().optional().openapi({ description: "Optional; when given, the assertion's `iss`." }),
    scope: z.string().optional().openapi({ description: "Space-separated; a subset of the client's scopes (default: all of them)." }),
  })
  .openapi("OAuthTokenRequest");

const oauthErrors = (...statuses: (400 | 401 | 503)[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: { 400: "`invalid_request`, `unsupported_grant_type`, `invalid_scope`.", 401: "`invalid_client`.", 503: "`temporarily_unavailable`." }[status],
        content: { "application/json": { schema: OAuthErrorSchema } },
      },
    ]),
  );

const token = createRoute({
  method: "post",
  path: OAUTH_TOKEN_PATH,
  middleware: requireForm(),
  operationId: "issueToken",
  tags: ["API clients"],
  // The client authenticates with its assertion in the body, not with a bearer token.
  security: [],
  summary: "Trade a client assertion for an access token",
  description:
    "The client credentials grant with `private_key_jwt` (RFC 7523). The assertion is a JWT signed with the client's key " +
    "(RS256, ES256, or EdDSA / Ed25519 (RFC 9864) for an Ed25519 key) with `iss` = `sub` = the client id, `aud` = this URL or " +
    "the issuer (a string, or an array holding one), `exp` at most 5 minutes ahead (30 seconds of clock skew allowed) and a " +
    "`jti` never used before. Errors follow RFC 6749: 401 `invalid_client` for every reason the client is not authenticated " +
    "(bad signature, unknown or disabled client, expired, replayed `jti`, wrong `aud`).",
  request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: TokenForm } } } },
  responses: { 200: jsonResponse(OAuthTokenSchema, "An access token."), ...oauthErrors(400, 401, 503) },
});

export const oauthRoutes = newRouter()
  .onError(oauthErrorHandler())
  .openapi(
  token,
  async (c) => {
    const issued = await ApiClient.issueToken(c.var.deps, c.req.valid("form"));
    c.header("Cache-Control", "no-store");
    c.header("Pragma", "no-cache");
    return c.json(issued, 200);
  },
  // Every field is an optional string, so only a repeated one fails: RFC 6749 §3.2 forbids it.
  (result) => {
    if (!result.success) {
      const names = [...new Set(result.error.issues.map((issue) => String(issue.path[0])))].join(", ");
      throw ApiClient.OAuthError.invalidRequest(`Send each parameter once: ${names}.`);
    }
    return undefined;
  },
);
