import { Hono } from "hono";
import type { ConsoleEnv } from "./env";
import { signedIn } from "./guard";
import { renderPortalAudit } from "./portal/audit-page";
import { renderPortalHome } from "./portal/home";
import { changeTeammateRole, inviteTeammate, removeTeammate } from "./portal/team-actions";
import { renderPortalTeam } from "./portal/team-page";

/**
 * The client portal, `/portal/<slug>`: a tenant as its members see it, and for its client admins
 * its team and audit log. Every page reads the reader's membership of the tenant with the session,
 * so an access that expired or was revoked is gone on the next load.
 */
export const portalPages = new Hono<ConsoleEnv>();

const TENANT = { tenantParam: "slug" };

portalPages.get("/portal/:slug", signedIn(TENANT), (c) => renderPortalHome(c, c.req.param("slug")));
portalPages.get("/portal/:slug/team", signedIn(TENANT), (c) => renderPortalTeam(c, c.req.param("slug")));
portalPages.post("/portal/:slug/team/invitations", signedIn(TENANT), (c) => inviteTeammate(c, c.req.param("slug")));
portalPages.post("/portal/:slug/team/:userId/role", signedIn(TENANT), (c) => changeTeammateRole(c, c.req.param("slug"), c.req.param("userId")));
portalPages.post("/portal/:slug/team/:userId/remove", signedIn(TENANT), (c) => removeTeammate(c, c.req.param("slug"), c.req.param("userId")));
portalPages.get("/portal/:slug/audit", signedIn(TENANT), (c) => renderPortalAudit(c, c.req.param("slug")));
