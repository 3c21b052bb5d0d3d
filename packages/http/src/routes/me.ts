import { z } from "@hono/zod-openapi";
import { Password, PersonalToken, User } from "@roster/core";
import { requireAuth } from "../middleware/authenticate";
import { MeSchema, pageOf, problems } from "../schemas";
import { bearerAuth, createRoute, jsonBody, jsonResponse, newRouter, type ApiTag } from "./router";

const tags: ApiTag[] = ["Me"];

const getMe = createRoute({
  method: "get",
  path: "/v1/me",
  operationId: "getMe",
  tags,
  summary: "The signed-in user",
  description: "The caller's profile and active tenant memberships.",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  responses: { 200: jsonResponse(MeSchema, "You."), ...problems(401, 503) },
});

const changePassword = createRoute({
  method: "post",
  path: "/v1/me/password",
  operationId: "changePassword",
  tags,
  summary: "Change your password",
  description:
    "Needs the current password. A password change is what you do after a suspected compromise, so it ends every " +
    "other session **and revokes every personal access token**; the session making the call stays signed in. Called " +
    "with a personal access token (no session), it ends every session and every token, the one used included. " +
    "400 `password.too_weak` (`errors[0].path` is `newPassword`; also when it equals the current password); " +
    "403 `auth.reauthentication_failed` when the current password is wrong. Wrong current passwords count on the " +
    "account's sign-in throttle, counted before the password is checked: past 5 in a 15-minute window the answer is 429 " +
    "`auth.throttled` with `Retry-After` (the seconds until the window ends), for sign-in too.",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  request: { body: jsonBody(Password.ChangePasswordInput) },
  responses: { 204: { description: "Changed." }, ...problems(400, 401, 403, 429, 503) },
});

const PersonalTokenSchema = z
  .object({
    id: z.string().openapi({ example: "pat_01jq3v9k2m4p6r8s0t2v4w6x" }),
    name: z.string(),
    createdAt: z.string().openapi({ format: "date-time" }),
    expiresAt: z.string().openapi({ format: "date-time" }),
    lastUsedAt: z.string().nullable().openapi({ format: "date-time", description: "Recorded to the minute." }),
  })
  .openapi("PersonalToken");

const CreatedPersonalTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    token: z.string().openapi({
      description: "The bearer credential, shown this once: `Authorization: Bearer <token>`.",
      example: "rpat.usr_5k2m9x1q7r3t8v0w4y6z2a4b.pat_01jq3v9k2m4p6r8s0t2v4w6x.…",
    }),
    expiresAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("CreatedPersonalToken");

const TokenId = z.object({
  id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "pat_01jq3v9k2m4p6r8s0t2v4w6x" }),
});

const tokenNotes =
  "Personal access tokens act as you (same role, same access) without a session: they work until they expire, are " +
  "revoked, or you change your password, are deactivated or have your authenticator reset. `POST /v1/auth/logout` " +
  "with a token ends nothing and answers 204: revoke a token with `DELETE /v1/me/tokens/{id}`.";

const listTokens = createRoute({
  method: "get",
  path: "/v1/me/tokens",
  operationId: "listPersonalTokens",
  tags,
  summary: "Your personal access tokens",
  description: `Your live tokens (not revoked, not expired), newest first; never the secret. ${tokenNotes}`,
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  request: { query: PersonalToken.ListPersonalTokensQuery },
  responses: { 200: jsonResponse(pageOf(PersonalTokenSchema, "PersonalTokenPage"), "A page of tokens."), ...problems(400, 401, 503) },
});

const createToken = createRoute({
  method: "post",
  path: "/v1/me/tokens",
  operationId: "createPersonalToken",
  tags,
  summary: "Create a personal access token",
  description:
    `The answer is the only time the token is shown: Roster keeps only its SHA-256. ${tokenNotes} ` +
    "Only from a signed-in session: a personal access token or an API client gets 403 `auth.session_required` (a stolen " +
    "token cannot mint lasting credentials).",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  request: { body: jsonBody(PersonalToken.CreatePersonalTokenInput) },
  responses: { 201: jsonResponse(CreatedPersonalTokenSchema, "Created."), ...problems(400, 401, 403, 503) },
});

const revokeToken = createRoute({
  method: "delete",
  path: "/v1/me/tokens/{id}",
  operationId: "revokePersonalToken",
  tags,
  summary: "Revoke a personal access token",
  description: "It stops working at once. 404 `token.not_found` for an id that is not one of your live tokens.",
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  request: { params: TokenId },
  responses: { 204: { description: "Revoked." }, ...problems(401, 404, 503) },
});

export const meRoutes = newRouter()
  .openapi(getMe, async (c) => c.json(await User.me(c.var.deps, c.var.principal), 200))
  .openapi(changePassword, async (c) => {
    await Password.change(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext);
    return c.body(null, 204);
  })
  .openapi(listTokens, async (c) => c.json(await PersonalToken.list(c.var.deps, c.var.principal, c.req.valid("query")), 200))
  .openapi(createToken, async (c) => {
    const created = await PersonalToken.create(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext);
    return c.json(created, 201);
  })
  .openapi(revokeToken, async (c) => {
    await PersonalToken.revoke(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext);
    return c.body(null, 204);
  });
