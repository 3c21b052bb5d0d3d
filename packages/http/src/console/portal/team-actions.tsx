import { Membership } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { redirectWithFlash } from "../flash";
import { parseForm, readCheckedForm } from "../forms";
import { inviteClient } from "../tenants/invite-client";
import { membershipRefusal } from "../tenants/refusal";
import { tenantRoleLabel } from "../tenants/roles";
import { listAddress } from "../tenants/urls";
import { requireTenantPermission } from "./access";
import { portalPath } from "./nav";
import { renderPortalTeam, teamPath, type TeamRefused } from "./team-page";

/*
 * What a tenant's client admin does to its team, through the verbs the membership routes call. A
 * reader who is not a member hears the 404 page, a member who may not manage the team the 403 one,
 * before the form's values are judged.
 */

type Ctx = Context<ConsoleEnv>;

async function teamForm(c: Ctx, slug: string) {
  const { values } = await readCheckedForm(c);
  requireTenantPermission(c.var.principal, slug, c.var.deps.clock.now(), "tenant:clients:write");
  return values;
}

const refuse = (c: Ctx, slug: string, refused: TeamRefused, status: ContentfulStatusCode) => renderPortalTeam(c, slug, { refused }, status);

/** Back to the team, or, for a client admin who just gave up managing it, to the portal's start. */
const done = (c: Ctx, slug: string, message: string, to = listAddress(teamPath(slug), c.req.url)) => redirectWithFlash(c, to, { kind: "success", message });

const isYou = (c: Ctx, userId: string) => c.var.principal.account?.id === userId;

export async function inviteTeammate(c: Ctx, slug: string) {
  const values = await teamForm(c, slug);
  return inviteClient(c, slug, values, "invite", (state, status) => renderPortalTeam(c, slug, state, status));
}

export async function changeTeammateRole(c: Ctx, slug: string, userId: string) {
  const values = await teamForm(c, slug);
  const input = parseForm(Membership.ClientRoleSchema, values.role);
  if (!input.ok) return refuse(c, slug, { dialog: "change-role", member: userId, values, errors: { role: input.errors._form ?? "Choose a tenant role." } }, 400);
  try {
    const { membership } = await Membership.grant(c.var.deps, c.var.principal, slug, userId, { role: input.data }, c.var.requestContext);
    const message = `${membership.user.email} is now ${tenantRoleLabel(membership.role)}.`;
    return membership.role === "CLIENT_ADMIN" || !isYou(c, userId) ? done(c, slug, message) : done(c, slug, message, portalPath(slug));
  } catch (error) {
    const refused = membershipRefusal(error);
    return refuse(c, slug, { dialog: "change-role", member: userId, values, errors: refused.errors }, refused.status);
  }
}

export async function removeTeammate(c: Ctx, slug: string, userId: string) {
  const values = await teamForm(c, slug);
  try {
    await Membership.revoke(c.var.deps, c.var.principal, slug, userId, c.var.requestContext);
  } catch (error) {
    const refused = membershipRefusal(error);
    return refuse(c, slug, { dialog: "remove", member: userId, values, errors: refused.errors }, refused.status);
  }
  if (isYou(c, userId)) return done(c, slug, "You left the tenant: your access to it ended.", "/console");
  return done(c, slug, `${values.email || "The teammate"} no longer has access. It ended at once.`);
}
