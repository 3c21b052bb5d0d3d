import { z } from "@hono/zod-openapi";
import { Tenant } from "@roster/core";
import { pageOf, problems } from "../schemas";
import { createRoute, jsonBody, jsonResponse, newRouter, signedIn, type ApiTag } from "./router";

const tags: ApiTag[] = ["Tenants"];
const TenantSchema = z.object({ slug: z.string(), name: z.string(), createdAt: z.string().openapi({ format: "date-time" }) }).openapi("Tenant");
const SlugParam = z.object({ slug: Tenant.SlugSchema });

const createTenant = createRoute({
  method: "post",
  path: "/v1/tenants",
  operationId: "createTenant",
  tags,
  summary: "Create a tenant",
  description: "SUPER_ADMIN. The slug is 3–40 lowercase letters, digits and dashes. 409 `tenant.slug_taken`.",
  ...signedIn(),
  request: { body: jsonBody(Tenant.CreateTenantInput) },
  responses: { 201: jsonResponse(TenantSchema, "Created."), ...problems(400, 401, 403, 409, 503) },
});

const listTenants = createRoute({
  method: "get",
  path: "/v1/tenants",
  operationId: "listTenants",
  tags,
  summary: "List tenants",
  description: "SUPER_ADMIN or VIEWER: every tenant, by slug. Everyone else: the tenants of their live memberships.",
  ...signedIn(),
  request: { query: Tenant.TenantListQuery },
  responses: { 200: jsonResponse(pageOf(TenantSchema, "TenantPage"), "A page of tenants."), ...problems(400, 401, 503) },
});

const getTenant = createRoute({
  method: "get",
  path: "/v1/tenants/{slug}",
  operationId: "getTenant",
  tags,
  summary: "One tenant",
  description: "Members, SUPER_ADMINs and VIEWERs. Everyone else gets 404 `tenant.not_found`, as for a tenant that does not exist.",
  ...signedIn({ tenantParam: "slug" }),
  request: { params: SlugParam },
  responses: { 200: jsonResponse(TenantSchema, "The tenant."), ...problems(401, 404, 503) },
});

const portal = createRoute({
  method: "get",
  path: "/v1/portal/{slug}",
  operationId: "enterPortal",
  tags: ["Portal"],
  summary: "Enter a tenant's portal",
  description: "Members of the tenant: the tenant and the caller's membership. 404 for everyone else (SUPER_ADMINs and VIEWERs hold no membership).",
  ...signedIn({ tenantParam: "slug" }),
  request: { params: SlugParam },
  responses: {
    200: jsonResponse(
      z.object({ tenant: TenantSchema, membership: z.object({ role: z.string(), expiresAt: z.string().nullable(), grantedAt: z.string() }) }).openapi("Portal"),
      "The tenant as this member sees it.",
    ),
    ...problems(401, 404, 503),
  },
});

export const tenantRoutes = newRouter()
  .openapi(createTenant, async (c) => c.json(await Tenant.create(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext), 201))
  .openapi(listTenants, async (c) => c.json(await Tenant.list(c.var.deps, c.var.principal, c.req.valid("query")), 200))
  .openapi(getTenant, async (c) => c.json(await Tenant.get(c.var.deps, c.var.principal, c.req.valid("param").slug), 200))
  .openapi(portal, async (c) => c.json(await Tenant.portal(c.var.deps, c.var.principal, c.req.valid("param").slug), 200));
