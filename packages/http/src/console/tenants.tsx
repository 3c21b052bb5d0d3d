import { Hono } from "hono";
import type { ConsoleEnv } from "./env";
import { signedIn } from "./guard";
import { createTenant, renderTenantList } from "./tenants/list-page";
import { addMember, changeExpiry, changeRole, inviteClientUser, revokeAccess } from "./tenants/member-actions";
import { staffOnly } from "./tenants/staff-only";
import { renderTenantPage } from "./tenants/tenant-page";

/**
 * `/console/tenants` and each tenant's page, for the workspace's staff. A tenant page reads the
 * reader's membership of it with the session (`tenantParam`), so an operator sees the tenants they
 * belong to, and every other tenant, existing or not, is the same 404 page.
 */
export const tenantPages = new Hono<ConsoleEnv>();

const TENANT = { tenantParam: "slug" };

tenantPages.get("/console/tenants", signedIn(), staffOnly, (c) => renderTenantList(c));
tenantPages.post("/console/tenants", signedIn(), staffOnly, createTenant);

tenantPages.get("/console/tenants/:slug", signedIn(TENANT), staffOnly, (c) => renderTenantPage(c, c.req.param("slug")));
tenantPages.post("/console/tenants/:slug/members", signedIn(TENANT), staffOnly, (c) => addMember(c, c.req.param("slug")));
tenantPages.post("/console/tenants/:slug/invitations", signedIn(TENANT), staffOnly, (c) => inviteClientUser(c, c.req.param("slug")));
tenantPages.post("/console/tenants/:slug/members/:userId/role", signedIn(TENANT), staffOnly, (c) => changeRole(c, c.req.param("slug"), c.req.param("userId")));
tenantPages.post("/console/tenants/:slug/members/:userId/expiry", signedIn(TENANT), staffOnly, (c) => changeExpiry(c, c.req.param("slug"), c.req.param("userId")));
tenantPages.post("/console/tenants/:slug/members/:userId/revoke", signedIn(TENANT), staffOnly, (c) => revokeAccess(c, c.req.param("slug"), c.req.param("userId")));
