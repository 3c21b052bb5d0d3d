import { z } from "@hono/zod-openapi";
import { ScimToken } from "@roster/core";
import { pageOf, problems } from "../schemas";
import { createRoute, jsonBody, jsonResponse, newRouter, signedIn, type ApiTag } from "./router";

const tags: ApiTag[] = ["SCIM"];
const secured = signedIn();
const TokenId = z.object({ id: ScimToken.ScimTokenIdSchema.meta({ param: { name: "id", in: "path" }, example: "scim_01jq3v9k2m4p6r8s0t2v4w6x" }) });
/** Making and revoking a credential that provisions the whole team. */
const fromSession =
  "A SUPER_ADMIN, signed in as a person: a personal access token gets 403 `auth.session_required` (a stolen token, which has no " +
  "authenticator behind it, cannot mint or revoke lasting credentials), and no scope lets an API client do it.";

const ScimTokenSchema = z
  .object({
    id: z.string().openapi({ example: "scim_01jq3v9k2m4p6r8s0t2v4w6x" }),
    name: z.string().openapi({ example: "Okta provisioning" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    createdBy: z.object({ id: z.string(), email: z.string() }).openapi({ description: "The SUPER_ADMIN who made it. The token does not depend on them staying." }),
    expiresAt: z.string().nullable().openapi({ format: "date-time", description: "`null`: until revoked." }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time", description: "Recorded to the minute." }),
  })
  .openapi("ScimToken");

const CreatedScimTokenSchema = ScimTokenSchema.extend({
  token: z.string().openapi({
    description: "The directory's bearer credential for `/scim/v2`, shown this once: Roster keeps only its SHA-256.",
    example: "rscim.scim_01jq3v9k2m4p6r8s0t2v4w6x.…",
  }),
}).openapi("CreatedScimToken");

const createToken = createRoute({
  method: "post",
  path: "/v1/scim-tokens",
  operationId: "createScimToken",
  tags,
  summary: "Create a SCIM directory token",
  description:
    "A bearer token for your identity provider's SCIM client (Okta, Microsoft Entra ID): paste it there with the base URL " +
    "`<ROSTER_PUBLIC_URL>/scim/v2`. The answer is the only time the token is shown. It works on `/scim/v2` alone (not on `/v1`), " +
    "acts as the directory (audit actor `{type: \"directory\"}`), and lasts until revoked or, with `expiresInDays`, until then. " +
    `${fromSession} Recorded as \`SCIM_TOKEN_CREATED\`.`,
  ...secured,
  request: { body: jsonBody(ScimToken.CreateScimTokenInput) },
  responses: { 201: jsonResponse(CreatedScimTokenSchema, "Created."), ...problems(400, 401, 403, 503) },
});

const listTokens = createRoute({
  method: "get",
  path: "/v1/scim-tokens",
  operationId: "listScimTokens",
  tags,
  summary: "List SCIM directory tokens",
  description: "SUPER_ADMIN or VIEWER, as a person. Newest first; never a secret. Expired tokens stay listed (with `expiresAt`) until they are cleaned up.",
  ...secured,
  request: { query: ScimToken.ListScimTokensQuery },
  responses: { 200: jsonResponse(pageOf(ScimTokenSchema, "ScimTokenPage"), "A page of tokens."), ...problems(400, 401, 403, 503) },
});

const revokeToken = createRoute({
  method: "delete",
  path: "/v1/scim-tokens/{id}",
  operationId: "revokeScimToken",
  tags,
  summary: "Revoke a SCIM directory token",
  description: `It stops working at once: the directory's next request answers 401. ${fromSession} 404 \`scim_token.not_found\`. Recorded as \`SCIM_TOKEN_REVOKED\`.`,
  ...secured,
  request: { params: TokenId },
  responses: { 204: { description: "Revoked." }, ...problems(400, 401, 403, 404, 503) },
});

export const scimTokenRoutes = newRouter()
  .openapi(createToken, async (c) => c.json(await ScimToken.create(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext), 201))
  .openapi(listTokens, async (c) => c.json(await ScimToken.list(c.var.deps, c.var.principal, c.req.valid("query")), 200))
  .openapi(revokeToken, async (c) => {
    await ScimToken.revoke(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext);
    return c.body(null, 204);
  });
