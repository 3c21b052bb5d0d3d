import { z } from "@hono/zod-openapi";
import { ApiClient, jwks } from "@roster/core";
import { healthy } from "./health";
import { createRoute, jsonResponse, newRouter } from "./router";

const health = createRoute({
  method: "get",
  path: "/health",
  operationId: "getHealth",
  tags: ["System"],
  security: [],
  summary: "Liveness",
  description: "200 while the service answers. It reads no storage, so a load balancer's probe costs nothing and says nothing about DynamoDB.",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "The service is up.") },
});

const keys = createRoute({
  method: "get",
  path: ApiClient.OAUTH_PATHS.jwks,
  operationId: "getJwks",
  tags: ["System"],
  security: [],
  summary: "Roster's public signing keys",
  description: "Verify Roster's access tokens offline (EdDSA, `typ: at+jwt`).",
  responses: {
    200: jsonResponse(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi("JWKS"), "A JSON Web Key Set."),
  },
});

const MetadataSchema = z
  .object({
    issuer: z.string().openapi({ example: "https://roster.example.com" }),
    token_endpoint: z.string(),
    jwks_uri: z.string(),
    grant_types_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    token_endpoint_auth_signing_alg_values_supported: z.array(z.string()),
    scopes_supported: z.array(z.string()),
    response_types_supported: z.array(z.string()),
  })
  .openapi("AuthorizationServerMetadata");

const metadata = createRoute({
  method: "get",
  path: ApiClient.OAUTH_PATHS.metadata,
  operationId: "getAuthorizationServerMetadata",
  tags: ["System"],
  security: [],
  summary: "OAuth authorization server metadata",
  description:
    "RFC 8414: what an OAuth library (openid-client, oauth4webapi, …) discovers from the issuer. `issuer` is `ROSTER_PUBLIC_URL` exactly; " +
    "the client credentials grant with `private_key_jwt` client authentication.",
  responses: { 200: jsonResponse(MetadataSchema, "The metadata.") },
});

export const systemRoutes = newRouter()
  .openapi(health, healthy)
  .openapi(keys, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(jwks(c.var.deps.signingKey), 200);
  })
  .openapi(metadata, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(ApiClient.authorizationServerMetadata(c.var.deps.settings.publicUrl), 200);
  });
