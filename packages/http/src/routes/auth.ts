import { createRoute } from "@hono/zod-openapi";
import { Session } from "@roster/core";
import { requireAuth } from "../middleware/authenticate";
import { LoginResponseSchema, problems, TokensSchema } from "../schemas";
import { bearerAuth, jsonBody, jsonResponse, newRouter } from "./router";

const tags = ["Sign-in"];

const login = createRoute({
  method: "post",
  path: "/v1/auth/login",
  tags,
  summary: "Sign in",
  description:
    "Email, password and a current authenticator code. Every failure answers 401 `auth.invalid_credentials` " +
    "(unknown email, wrong password, wrong or replayed code, deactivated user); repeated failures answer 429 " +
    "`auth.throttled` with `Retry-After`.",
  request: { body: jsonBody(Session.LoginInput) },
  responses: { 200: jsonResponse(LoginResponseSchema, "Signed in."), ...problems(400, 401, 403, 429, 503) },
});

const refresh = createRoute({
  method: "post",
  path: "/v1/auth/refresh",
  tags,
  summary: "Rotate tokens",
  description: "Each refresh token works once. Presenting a spent one revokes its session.",
  request: { body: jsonBody(Session.RefreshInput) },
  responses: { 200: jsonResponse(TokensSchema, "A new token pair."), ...problems(400, 401, 503) },
});

const logout = createRoute({
  method: "post",
  path: "/v1/auth/logout",
  tags,
  summary: "Sign out",
  description: "Ends the caller's session: its access and refresh tokens stop working.",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  responses: { 204: { description: "Signed out." }, ...problems(401, 503) },
});

export const authRoutes = newRouter()
  .openapi(login, async (c) => {
    const result = await Session.login(c.var.deps, c.req.valid("json"), c.var.requestContext);
    c.header("Cache-Control", "no-store");
    return c.json(result, 200);
  })
  .openapi(refresh, async (c) => {
    const tokens = await Session.refresh(c.var.deps, c.req.valid("json").refreshToken, c.var.requestContext);
    c.header("Cache-Control", "no-store");
    return c.json(tokens, 200);
  })
  .openapi(logout, async (c) => {
    await Session.logout(c.var.deps, c.var.principal.actor, c.var.requestContext);
    return c.body(null, 204);
  });
