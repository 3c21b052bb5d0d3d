import { createRoute, z } from "@hono/zod-openapi";
import { Setup } from "@roster/core";
import { problems, TotpEnrollmentSchema, UserSchema } from "../schemas";
import { jsonBody, jsonResponse, newRouter } from "./router";

const tags = ["Setup"];

const lookup = createRoute({
  method: "post",
  path: "/v1/setup/lookup",
  tags,
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
  tags,
  summary: "Start authenticator enrollment",
  description: "Returns the pending TOTP secret; repeated calls return the same one. The token stays valid.",
  request: { body: jsonBody(Setup.SetupTokenInput) },
  responses: { 200: jsonResponse(TotpEnrollmentSchema, "The secret to add to an authenticator app."), ...problems(400, 404, 410, 503) },
});

const complete = createRoute({
  method: "post",
  path: "/v1/setup/complete",
  tags,
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

export const setupRoutes = newRouter()
  .openapi(lookup, async (c) => c.json(await Setup.lookup(c.var.deps, c.req.valid("json").token), 200))
  .openapi(totp, async (c) => c.json(await Setup.startTotp(c.var.deps, c.req.valid("json").token), 200))
  .openapi(complete, async (c) => {
    const user = await Setup.complete(c.var.deps, c.req.valid("json"), c.var.requestContext);
    return c.json({ user }, 200);
  });
