import { z } from "@hono/zod-openapi";
import { Membership } from "@roster/core";
import { errorHandler } from "../errors";
import { requireAuth } from "../middleware/authenticate";
import { pageOf, problems, UserSchema } from "../schemas";
import { bearerAuth, createRoute, jsonBody, jsonResponse, newRouter, signedIn, type ApiTag } from "./router";

const tags: ApiTag[] = ["Memberships"];
const MembershipSchema = z
  .object({
    tenant: z.object({ slug: z.string(), name: z.string() }),
    user: z.object({ id: z.string(), email: z.string(), displayName: z.string().nullable() }),
    role: Membership.TenantRoleSchema,
    expiresAt: z.string().nullable(),
    grantedBy: z.object({ id: z.string(), email: z.string() }),
    grantedAt: z.string(),
  })
  .openapi("Membership");
const Page = pageOf(MembershipSchema, "MembershipPage");
const TenantParam = Membership.MembershipParams.pick({ slug: true });
const Params = Membership.MembershipParams;

const managed = { security: bearerAuth, middleware: requireAuth({ tenantParam: "slug" }) };

const listAll = createRoute({
  method: "get",
  path: "/v1/memberships",
  operationId: "listMemberships",
  tags,
  summary: "Memberships across tenants",
  description: "SUPER_ADMIN or VIEWER. Live memberships, filtered by `tenant`, `userId` and `expiringBefore`.",
  ...signedIn(),
  request: { query: Membership.MembershipListQuery },
  responses: { 200: jsonResponse(Page, "A page of memberships."), ...problems(400, 401, 403, 503) },
});

const listTenant = createRoute({
  method: "get",
  path: "/v1/tenants/{slug}/memberships",
  operationId: "listTenantMemberships",
  tags,
  summary: "A tenant's members",
  description: "SUPER_ADMIN or VIEWER, and members with OPERATOR_FULL or CLIENT_ADMIN (403 for other members, 404 for non-members).",
  ...signedIn({ tenantParam: "slug" }),
  request: { params: TenantParam, query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50), cursor: z.string().min(1).max(512).optional() }) },
  responses: { 200: jsonResponse(Page, "A page of memberships."), ...problems(400, 401, 403, 404, 503) },
});

const put = createRoute({
  method: "put",
  path: "/v1/tenants/{slug}/memberships/{userId}",
  operationId: "grantMembership",
  tags,
  summary: "Grant or change a membership",
  description:
    "SUPER_ADMIN; a tenant's CLIENT_ADMIN for client users and CLIENT_* roles. 201 when new, 200 when changed. " +
    "400 `membership.role_mismatch` (OPERATOR_* for operators and contractors, CLIENT_* for client users, none for SUPER_ADMINs and VIEWERs), " +
    "400 `membership.expiry_required` (a contractor needs a future `expiresAt`), 400 `membership.expiry_too_far`. " +
    "409 `sso.managed`: SSO is enforced and the user's `source` is `sso` or `scim` (their memberships follow the identity provider).",
  ...managed,
  request: { params: Params, body: jsonBody(Membership.PutMembershipInput) },
  responses: {
    200: jsonResponse(MembershipSchema, "Changed."),
    201: jsonResponse(MembershipSchema, "Granted."),
    ...problems(400, 401, 403, 404, 409, 503),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/v1/tenants/{slug}/memberships/{userId}",
  operationId: "revokeMembership",
  tags,
  summary: "Revoke a membership",
  description: "Same callers as granting. Access ends at once. 404 `membership.not_found`. 409 `sso.managed` as for granting.",
  ...managed,
  request: { params: Params },
  responses: { 204: { description: "Revoked." }, ...problems(401, 403, 404, 409, 503) },
});

const ClientInvitationSchema = z
  .object({
    user: z
      .union([UserSchema, z.object({ id: z.string(), email: z.string() }).openapi("UserReference")])
      .openapi({ description: "The whole user when this invitation created them; only `{id, email}` for an existing client user." }),
    membership: MembershipSchema,
    setupUrl: z.string().nullable().openapi({
      description: "The setup link, for a user this invitation created and a person who asked; null for an existing user and for an API client.",
    }),
    setupExpiresAt: z.string().nullable().openapi({ format: "date-time", description: "When the mailed setup link expires; null when none was made." }),
    emailDelivery: z.enum(["sent", "failed"]).nullable().openapi({ description: "The setup mail's fate; null when no mail was due (an existing user)." }),
  })
  .openapi("ClientInvitation");

const inviteClient = createRoute({
  method: "post",
  path: "/v1/tenants/{slug}/invitations",
  operationId: "inviteClientUser",
  tags,
  summary: "Invite a client user into a tenant",
  description:
    "SUPER_ADMIN, or a CLIENT_ADMIN of this tenant (other members 403, non-members 404 `tenant.not_found`). " +
    "A new email becomes a CLIENT_USER (INVITED) holding the membership, in one transaction with its setup link and the " +
    "`USER_INVITED` and `MEMBERSHIP_GRANTED` events; the link is mailed and returned (`emailDelivery` as for `POST /v1/users`; " +
    "an API client gets `setupUrl: null`).\n\n" +
    "An email that already belongs to a client user: that user just gains the membership (still 201, `MEMBERSHIP_GRANTED`) " +
    "and nothing else of theirs changes: no new setup link (a pending one keeps working), no mail. The answer names them only " +
    "by `{id, email}`, with `setupUrl`, `setupExpiresAt` and `emailDelivery` null: you did not create that account.\n\n" +
    "409 `sso.managed` while single sign-on is enforced. 409 `membership.cannot_invite`, the same answer whatever the reason: the email belongs to someone who cannot hold a " +
    "client membership (staff: SUPER_ADMINs, viewers, operators, contractors), or, for a CLIENT_ADMIN, to a client user who " +
    "has not completed setup yet (whoever created that account holds its setup link). 409 `membership.exists`: the user is " +
    "already a member of this tenant (change the role with PUT). A membership that has expired is replaced by the new one.",
  ...signedIn({ tenantParam: "slug" }),
  request: { params: TenantParam, body: jsonBody(Membership.InviteClientInput) },
  responses: {
    201: jsonResponse(ClientInvitationSchema, "Invited, or an existing client user gained the membership."),
    ...problems(400, 401, 403, 404, 409, 503),
  },
});

export const membershipRoutes = newRouter()
  // Here a tenant role that does not fit the user is the role asked for: a bad request, as API.md says.
  .onError(errorHandler({ "membership.role_mismatch": 400 }))
  .openapi(listAll, async (c) => c.json(await Membership.all(c.var.deps, c.var.principal, c.req.valid("query")), 200))
  .openapi(listTenant, async (c) => c.json(await Membership.ofTenant(c.var.deps, c.var.principal, c.req.valid("param").slug, c.req.valid("query")), 200))
  .openapi(put, async (c) => {
    const { slug, userId } = c.req.valid("param");
    const result = await Membership.grant(c.var.deps, c.var.principal, slug, userId, c.req.valid("json"), c.var.requestContext);
    return result.created ? c.json(result.membership, 201) : c.json(result.membership, 200);
  })
  .openapi(remove, async (c) => {
    const { slug, userId } = c.req.valid("param");
    await Membership.revoke(c.var.deps, c.var.principal, slug, userId, c.var.requestContext);
    return c.body(null, 204);
  })
  .openapi(inviteClient, async (c) =>
    c.json(await Membership.inviteClient(c.var.deps, c.var.principal, c.req.valid("param").slug, c.req.valid("json"), c.var.requestContext), 201),
  );
