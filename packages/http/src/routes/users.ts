import { createRoute } from "@hono/zod-openapi";
import { User } from "@roster/core";
import { requireAuth } from "../middleware/authenticate";
import { InvitationSchema, problems } from "../schemas";
import { bearerAuth, jsonBody, newRouter } from "./router";

const tags = ["Users"];

const invite = createRoute({
  method: "post",
  path: "/v1/users",
  tags,
  summary: "Invite a user",
  description:
    "SUPER_ADMIN. Creates the user as INVITED, mails the setup link and returns it too. 409 `user.email_taken`. " +
    'When the mail cannot be sent the user still exists and `emailDelivery` is `"failed"`: pass the link on another way.',
  security: bearerAuth,
  middleware: [requireAuth()] as const,
  request: { body: jsonBody(User.InviteUserInput) },
  responses: {
    201: { description: "Invited.", content: { "application/json": { schema: InvitationSchema } } },
    ...problems(400, 401, 403, 409, 503),
  },
});

export const userRoutes = newRouter().openapi(invite, async (c) => {
  const invitation = await User.invite(c.var.deps, c.var.principal.actor, c.req.valid("json"), c.var.requestContext);
  c.header("Cache-Control", "no-store");
  return c.json(invitation, 201);
});
