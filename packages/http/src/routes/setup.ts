import { z } from "@hono/zod-openapi";
import { Password, Setup } from "@roster/core";
import { problems, TotpEnrollmentSchema, UserSchema } from "../schemas";
import { createRoute, jsonBody, jsonResponse, newRouter, type ApiTag } from "./router";

const tags: ApiTag[] = ["Setup"];

const lookup = createRoute({
  method: "post",
  path: "/v1/setup/lookup",
  operationId: "lookupInvitation",
  tags,
  security: [],
  summary: "Read an invitation",
  description: "What the setup page shows. Never uses the token up.",
  request: { body: jsonBody(Setup.SetupTokenInput) },
  responses: {
    200: jsonResponse(
      z.object({ email: z.string(), role: z.string(), expiresAt: z.string() }).openapi("SetupLookup"),
      "The invitation.",
    ),
    ...problems(400, 404, 410, 503),
  },
});

const totp = createRoute({
  method: "post",
  path: "/v1/setup/totp",
  operationId: "startSetupTotp",
  tags,
  security: [],
  summary: "Start authenticator enrollment",
  description: "Returns the pending TOTP secret; repeated calls return the same one. The token stays valid.",
  request: { body: jsonBody(Setup.SetupTokenInput) },
  responses: { 200: jsonResponse(TotpEnrollmentSchema, "The secret to add to an authenticator app."), ...problems(400, 404, 410, 503) },
});

const complete = createRoute({
  method: "post",
  path: "/v1/setup/complete",
  operationId: "completeSetup",
  tags,
  security: [],
  summary: "Complete setup",
  description:
    "Sets display name, password and authenticator and activates the account. The token is consumed atomically: " +
    "of concurrent calls exactly one succeeds, the others get 410 `setup.used`. 400 `password.too_weak`, 400 `totp.invalid`, " +
    "409 `setup.totp_not_started`.",
  request: { body: jsonBody(Setup.CompleteSetupInput) },
  responses: {
    200: jsonResponse(z.object({ user: UserSchema }), "The account is active; sign in next."),
    ...problems(400, 404, 409, 410, 503),
  },
});

/**
 * The rules a new password must meet, from core's policy: the setup page hints and checks with
 * them, so its rules never drift from the server's. Strength (zxcvbn) is judged on the server: the
 * page says what score it takes, without loading the dictionaries that would judge it.
 */
const PASSWORD_POLICY = {
  minLength: Password.PASSWORD_MIN_LENGTH,
  maxLength: Password.PASSWORD_MAX_LENGTH,
  minScore: Password.PASSWORD_MIN_SCORE,
  mustNotContainEmail: true,
} as const;

/** The same for everyone and changed only by a deploy: browsers and proxies may keep it a while. */
const PASSWORD_POLICY_CACHE = "public, max-age=300";

const passwordPolicy = createRoute({
  method: "get",
  path: "/v1/setup/password-policy",
  operationId: "getPasswordPolicy",
  tags,
  security: [],
  summary: "Read the password policy",
  description:
    "What a new password must meet, for hints and checks before it is sent. The server still judges every password " +
    "when it is set, its strength included (400 `password.too_weak`).",
  responses: {
    200: {
      ...jsonResponse(
        z
          .object({
            minLength: z.number().int().openapi({ description: "Fewest characters (Unicode code points).", example: Password.PASSWORD_MIN_LENGTH }),
            maxLength: z.number().int().openapi({ description: "Most characters (Unicode code points).", example: Password.PASSWORD_MAX_LENGTH }),
            minScore: z.number().int().min(0).max(4).openapi({ description: "The zxcvbn strength score (0–4) the server requires.", example: Password.PASSWORD_MIN_SCORE }),
            mustNotContainEmail: z.literal(true).openapi({ description: "The password must not contain the account's email address." }),
          })
          .openapi("PasswordPolicy"),
        "The password policy.",
      ),
      headers: z.object({ "Cache-Control": z.string().openapi({ example: PASSWORD_POLICY_CACHE }) }),
    },
  },
});

export const setupRoutes = newRouter()
  .openapi(passwordPolicy, (c) => {
    c.header("Cache-Control", PASSWORD_POLICY_CACHE);
    return c.json(PASSWORD_POLICY, 200);
  })
  .openapi(lookup, async (c) => c.json(await Setup.lookup(c.var.deps, c.req.valid("json").token), 200))
  .openapi(totp, async (c) => c.json(await Setup.startTotp(c.var.deps, c.req.valid("json").token), 200))
  .openapi(complete, async (c) => {
    const user = await Setup.complete(c.var.deps, c.req.valid("json"), c.var.requestContext);
    return c.json({ user }, 200);
  });
