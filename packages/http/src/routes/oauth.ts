import { z } from "@hono/zod-openapi";
import { ApiClient } from "@roster/core";
import { noStoreCredentials, oauthErrorHandler } from "../errors";
import { requireForm } from "../middleware/body-guard";
import { OAuthErrorSchema, OAuthIntrospectionSchema, OAuthTokenSchema } from "../schemas";
import { createRoute, jsonResponse, newRouter } from "./router";

/** What every OAuth endpoint's form may carry to authenticate the client (RFC 7523 §2.2). */
const clientAuthentication = {
  client_assertion_type: z.string().optional().openapi({ example: ApiClient.JWT_BEARER }),
  client_assertion: z.string().optional().openapi({ description: "The client's signed JWT." }),
  client_id: z.string().optional().openapi({ description: "Optional; when given, the assertion's `iss`." }),
};

/** Every field optional: what is missing or wrong is answered in RFC 6749's terms by the domain, not as a problem. */
const TokenForm = z
  .object({
    grant_type: z.string().optional().openapi({ example: "client_credentials" }),
    ...clientAuthentication,
    scope: z.string().optional().openapi({ description: "Space-separated; a subset of the client's scopes (default: all of them)." }),
  })
  .openapi("OAuthTokenRequest");

/** The token to introspect or revoke, and the client's authentication (RFC 7662 §2.1, RFC 7009 §2.1). */
const tokenForm = (name: string, description: string) =>
  z
    .object({
      token: z.string().optional().openapi({ description }),
      token_type_hint: z.string().optional().openapi({ description: "Accepted and not needed: Roster tells its tokens apart by their shape." }),
      ...clientAuthentication,
    })
    .openapi(name);

const IntrospectionForm = tokenForm("OAuthIntrospectionRequest", "An access token (a person's or a client's) or a personal access token.");
const RevocationForm = tokenForm("OAuthRevocationRequest", "A refresh token, a person's access token or a personal access token.");

const ASSERTION =
  "The caller authenticates as at `/oauth/token`: `client_assertion_type` and a `client_assertion` signed with its key, " +
  "`aud` the issuer or this URL, a `jti` never used before.";

const OAUTH_ERROR_DESCRIPTIONS = {
  400: "`invalid_request`, `unsupported_grant_type`, `invalid_scope`.",
  401: "`invalid_client`.",
  403: "`insufficient_scope`: the client lacks the scope this endpoint needs.",
  503: "`temporarily_unavailable`.",
};
const oauthErrors = (...statuses: (keyof typeof OAUTH_ERROR_DESCRIPTIONS)[]) =>
  Object.fromEntries(statuses.map((status) => [status, { description: OAUTH_ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: OAuthErrorSchema } } }]));

const token = createRoute({
  method: "post",
  path: ApiClient.OAUTH_PATHS.token,
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

const introspect = createRoute({
  method: "post",
  path: ApiClient.OAUTH_PATHS.introspection,
  middleware: requireForm(),
  operationId: "introspectToken",
  tags: ["API clients"],
  security: [],
  summary: "Ask whether a token is active, and what its holder reaches now",
  description:
    "Token introspection (RFC 7662) for the platform's own services. " +
    ASSERTION +
    " The client needs the scope `tokens:introspect`. The answer is the state **now**: a token of a person who logged out, " +
    "was deactivated, removed or had their authenticator reset, or of a disabled client, is `{\"active\": false}` and nothing " +
    "else. An active one says who (`sub`, `client_id`), what (`role`, `tenants` as `{slug: tenantRole}`, `scope` for a client) " +
    "and until when (`exp`: the token's own, or sooner when a membership it reaches ends first).",
  request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: IntrospectionForm } } } },
  responses: { 200: jsonResponse(OAuthIntrospectionSchema, "The token's state now."), ...oauthErrors(400, 401, 403, 503) },
});

const revoke = createRoute({
  method: "post",
  path: ApiClient.OAUTH_PATHS.revocation,
  middleware: requireForm(),
  operationId: "revokeToken",
  tags: ["API clients"],
  security: [],
  summary: "End a session or a personal access token by its token",
  description:
    "Token revocation (RFC 7009). A refresh token or a person's access token ends its session (recorded as the person's " +
    "`LOGOUT`); a personal access token dies (`PAT_REVOKED`). Holding the token is the proof, so no client authentication is " +
    "needed; a client that sends its assertion along must send a valid one. The answer is 200 for every token, an unknown or " +
    "already dead one included, so it tells nothing about tokens it is shown. A client's access token is cut by disabling the client.",
  request: { body: { required: true, content: { "application/x-www-form-urlencoded": { schema: RevocationForm } } } },
  responses: { 200: { description: "Revoked, or nothing to revoke." }, ...oauthErrors(400, 401, 503) },
});

/** Every field is an optional string, so only a repeated one fails validation: RFC 6749 §3.2 forbids it. */
function eachParameterOnce(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  if (!result.success) {
    const names = [...new Set((result.error?.issues ?? []).map((issue) => String(issue.path[0])))].join(", ");
    throw ApiClient.OAuthError.invalidRequest(`Send each parameter once: ${names}.`);
  }
  return undefined;
}

export const oauthRoutes = newRouter()
  .onError(oauthErrorHandler())
  .openapi(
    token,
    async (c) => {
      const issued = await ApiClient.issueToken(c.var.deps, c.req.valid("form"));
      noStoreCredentials(c);
      return c.json(issued, 200);
    },
    eachParameterOnce,
  )
  .openapi(
    introspect,
    async (c) => {
      const answer = await ApiClient.introspect(c.var.deps, c.req.valid("form"));
      noStoreCredentials(c);
      return c.json(answer, 200);
    },
    eachParameterOnce,
  )
  .openapi(
    revoke,
    async (c) => {
      await ApiClient.revokeToken(c.var.deps, c.req.valid("form"), c.var.requestContext);
      noStoreCredentials(c);
      return c.body(null, 200);
    },
    eachParameterOnce,
  );
