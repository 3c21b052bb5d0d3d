import { createRoute, z } from "@hono/zod-openapi";
import { jwks } from "@roster/core";
import { jsonResponse, newRouter } from "./router";

const health = createRoute({
  method: "get",
  path: "/health",
  tags: ["System"],
  summary: "Liveness",
  responses: { 200: jsonResponse(z.object({ status: z.literal("ok") }), "The service is up.") },
});

const keys = createRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  tags: ["System"],
  summary: "Roster's public signing keys",
  description: "Verify Roster's access tokens offline (EdDSA, `typ: at+jwt`).",
  responses: {
    200: jsonResponse(z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).openapi("JWKS"), "A JSON Web Key Set."),
  },
});

export const systemRoutes = newRouter()
  .openapi(health, (c) => c.json({ status: "ok" as const }, 200))
  .openapi(keys, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.json(jwks(c.var.deps.signingKey), 200);
  });
