import { z } from "@hono/zod-openapi";
import { User } from "@roster/core";
import { InvitationSchema, MeSchema, pageOf, problems, UserSchema } from "../schemas";
import { createRoute, jsonBody, jsonResponse, newRouter, signedIn, type ApiTag } from "./router";

const tags: ApiTag[] = ["Users"];
const secured = signedIn();
const UserId = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" }, example: "usr_5k2m9x1q7r3t8v0w4y6z2a4b" }) });

const guards =
  "Guards (409): `user.self_action` (you cannot do this to yourself), `user.last_admin` (no ACTIVE SUPER_ADMIN would remain), " +
  "`user.owner_protected` (transfer ownership first)";

const listUsers = createRoute({
  method: "get",
  path: "/v1/users",
  operationId: "listUsers",
  tags,
  summary: "List the team",
  description:
    "SUPER_ADMIN or VIEWER. Newest first. `status` and `role` (alone or together) read only matching users; `q` is a case-insensitive " +
    "prefix of the email or display name and may return a page shorter than `limit` while `nextCursor` is not null.",
  ...secured,
  request: { query: User.UserListQuery },
  responses: { 200: jsonResponse(pageOf(UserSchema, "UserPage"), "A page of users."), ...problems(400, 401, 403, 503) },
});

const invite = createRoute({
  method: "post",
  path: "/v1/users",
  operationId: "inviteUser",
  tags,
  summary: "Invite a user",
  description:
    "SUPER_ADMIN. Creates the user as INVITED, mails the setup link and returns it too. 409 `user.email_taken`. 409 `sso.managed` while single sign-on is enforced (people come from the identity provider). " +
    'When the mail cannot be sent the user still exists and `emailDelivery` is `"failed"`: pass the link on another way.\n\n' +
    "For an API client, `setupUrl` is null (the link goes only by mail: whoever holds a setup link can become that person), " +
    "and inviting a `SUPER_ADMIN` or a `VIEWER` is 403 `auth.forbidden`: no client gains, through a person it creates, more than its scopes.",
  ...secured,
  request: { body: jsonBody(User.InviteUserInput) },
  responses: {
    201: { description: "Invited.", content: { "application/json": { schema: InvitationSchema } } },
    ...problems(400, 401, 403, 409, 503),
  },
});

const getUser = createRoute({
  method: "get",
  path: "/v1/users/{id}",
  operationId: "getUser",
  tags,
  summary: "One user",
  description: "SUPER_ADMIN or VIEWER. The user and their tenant memberships. 404 `user.not_found`.",
  ...secured,
  request: { params: UserId },
  responses: { 200: jsonResponse(MeSchema, "The user."), ...problems(401, 403, 404, 503) },
});

const regenerate = createRoute({
  method: "post",
  path: "/v1/users/{id}/setup-token",
  operationId: "regenerateSetupLink",
  tags,
  summary: "Issue a new setup link",
  description:
    "SUPER_ADMIN. For an INVITED user: the previous link stops working at once. 409 `user.not_invited`. " +
    "`setupUrl` is null for an API client: the new link goes only by mail.",
  ...secured,
  request: { params: UserId },
  responses: {
    200: jsonResponse(
      z
        .object({
          setupUrl: z.string().nullable().openapi({ description: "Null for an API client: the link goes only by mail." }),
          setupExpiresAt: z.string().openapi({ format: "date-time" }),
          emailDelivery: z.enum(["sent", "failed"]),
        })
        .openapi("SetupLink"),
      "The new link, also mailed.",
    ),
    ...problems(401, 403, 404, 409, 503),
  },
});

const changeRole = createRoute({
  method: "put",
  path: "/v1/users/{id}/role",
  operationId: "changeUserRole",
  tags,
  summary: "Change a user's role",
  description:
    `SUPER_ADMIN. Takes effect on the user's next request. ${guards}, \`membership.role_mismatch\` (revoke the memberships the new role cannot hold first), \`sso.managed\` (SSO is enforced and the user's \`source\` is \`sso\` or \`scim\`). ` +
    "An API client may not grant `SUPER_ADMIN` or `VIEWER` (403 `auth.forbidden`).",
  ...secured,
  request: { params: UserId, body: jsonBody(z.object({ role: User.RoleSchema })) },
  responses: { 200: jsonResponse(UserSchema, "The user with the new role."), ...problems(400, 401, 403, 404, 409, 503) },
});

const action = (path: string, operationId: string, summary: string, description: string) =>
  createRoute({
    method: "post",
    path: `/v1/users/{id}/${path}`,
    operationId,
    tags,
    summary,
    description,
    ...secured,
    request: { params: UserId },
    responses: { 200: jsonResponse(UserSchema, "The user after the change."), ...problems(401, 403, 404, 409, 503) },
  });

const deactivate = action(
  "deactivate",
  "deactivateUser",
  "Deactivate a user",
  `SUPER_ADMIN. Sign-in is refused and every session and token dies on its next request; history is kept. 409 \`user.not_active\`. ${guards}.`,
);
const reactivate = action("reactivate", "reactivateUser", "Reactivate a user", "SUPER_ADMIN. Back to ACTIVE; old sessions stay ended. 409 `user.not_deactivated`, `user.self_action`.");
const resetMfa = action(
  "mfa-reset",
  "resetUserMfa",
  "Reset a user's authenticator",
  "SUPER_ADMIN. Their sessions and tokens end; their next sign-in enrolls a new authenticator. 409 `user.not_active`, `user.self_action`.",
);
const ownership = action(
  "ownership",
  "transferOwnership",
  "Transfer ownership",
  "The owner only (403 otherwise). The target must be an ACTIVE SUPER_ADMIN (409 `user.not_eligible_owner`); answers the new owner.",
);

const removeUser = createRoute({
  method: "delete",
  path: "/v1/users/{id}",
  operationId: "removeUser",
  tags,
  summary: "Remove a user",
  description: `SUPER_ADMIN. The email is free to invite again; the audit history stays. ${guards}.`,
  ...secured,
  request: { params: UserId },
  responses: { 204: { description: "Removed." }, ...problems(401, 403, 404, 409, 503) },
});

export const userRoutes = newRouter()
  .openapi(listUsers, async (c) => c.json(await User.list(c.var.deps, c.var.principal, c.req.valid("query")), 200))
  .openapi(invite, async (c) => {
    const invitation = await User.invite(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext);
    return c.json(invitation, 201);
  })
  .openapi(getUser, async (c) => c.json(await User.get(c.var.deps, c.var.principal, c.req.valid("param").id), 200))
  .openapi(regenerate, async (c) => {
    const link = await User.regenerateSetupLink(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext);
    return c.json(link, 200);
  })
  .openapi(changeRole, async (c) =>
    c.json(await User.changeRole(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("json").role, c.var.requestContext), 200),
  )
  .openapi(deactivate, async (c) => c.json(await User.deactivate(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext), 200))
  .openapi(reactivate, async (c) => c.json(await User.reactivate(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext), 200))
  .openapi(resetMfa, async (c) => c.json(await User.resetMfa(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext), 200))
  .openapi(ownership, async (c) =>
    c.json(await User.transferOwnership(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext), 200),
  )
  .openapi(removeUser, async (c) => {
    await User.remove(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext);
    return c.body(null, 204);
  });
