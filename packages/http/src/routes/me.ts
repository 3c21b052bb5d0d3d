import { createRoute } from "@hono/zod-openapi";
import { User } from "@roster/core";
import { requireAuth } from "../middleware/authenticate";
import { MeSchema, problems } from "../schemas";
import { bearerAuth, jsonResponse, newRouter } from "./router";

const getMe = createRoute({
  method: "get",
  path: "/v1/me",
  tags: ["Me"],
  summary: "The signed-in user",
  description: "The caller's profile and active tenant memberships.",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  responses: { 200: jsonResponse(MeSchema, "You."), ...problems(401, 503) },
});

export const meRoutes = newRouter().openapi(getMe, async (c) => c.json(await User.me(c.var.principal), 200));
