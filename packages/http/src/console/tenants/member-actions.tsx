import { Membership, Policy, User } from "@roster/core";
import type { Context } from "hono";
import { z } from "zod";
import type { ConsoleEnv } from "../env";
import { redirectWithFlash } from "../flash";
import { parseForm, readCheckedForm, type FormValues } from "../forms";
import { utcFromLocalInput } from "./expiry";
import { personByEmail } from "./find-person";
import { inviteClient } from "./invite-client";
import { membershipRefusal } from "./refusal";
import { tenantRoleLabel } from "./roles";
import { renderTenantPage, type Refused } from "./tenant-page";
import { listAddress, tenantPath } from "./urls";

/*
 * What a SUPER_ADMIN does to a tenant's members, each through the verb the membership routes call.
 * A form this reader may not send at all is refused (403, or 404 outside the tenant) before its
 * values are judged, exactly as the verb would refuse it.
 */

type Ctx = Context<ConsoleEnv>;

async function managerForm(c: Ctx, slug: string, permission: "tenant:members:write" | "tenant:clients:write") {
  const form = await readCheckedForm(c);
  Policy.authorizeTenant(c.var.principal, permission, slug, c.var.deps.clock.now());
  return form.values;
}

const refuse = (c: Ctx, slug: string, refused: Refused, status: Parameters<typeof renderTenantPage>[3]) => renderTenantPage(c, slug, { refused }, status);

const done = (c: Ctx, slug: string, message: string) => redirectWithFlash(c, listAddress(tenantPath(slug), c.req.url), { kind: "success", message });

const Email = z.string().trim().min(1, "Enter their email.").pipe(User.EmailSchema);

/** The grant a form asks for: the role, and the expiry as UTC (empty: none; `keep` leaves an existing one alone). */
const grantInput = (values: FormValues, emptyExpiry: "keep" | "none") => {
  const expiresAt = utcFromLocalInput(values.expiresAt);
  return parseForm(Membership.PutMembershipInput, { role: values.role, expiresAt: expiresAt ?? (emptyExpiry === "keep" ? undefined : null) });
};

export async function addMember(c: Ctx, slug: string) {
  const values = await managerForm(c, slug, "tenant:members:write");
  const email = parseForm(Email, values.email ?? "");
  const input = grantInput(values, "keep");
  if (!email.ok || !input.ok) {
    const errors = { ...(input.ok ? {} : input.errors), ...(email.ok ? {} : { email: email.errors._form ?? "Enter their email." }) };
    return refuse(c, slug, { dialog: "add-member", values, errors }, 400);
  }
  const person = await personByEmail(c.var.deps, c.var.principal, email.data);
  if (!person) return refuse(c, slug, { dialog: "add-member", values, errors: { email: "No one on the team has this email. Invite them on the Team page first." } }, 404);
  try {
    const { membership, created } = await Membership.grant(c.var.deps, c.var.principal, slug, person.id, input.data, c.var.requestContext);
    const what = created ? "is now a member" : "was already a member; their membership now reads";
    return done(c, slug, `${person.email} ${what} as ${tenantRoleLabel(membership.role)}.`);
  } catch (error) {
    const refused = membershipRefusal(error);
    return refuse(c, slug, { dialog: "add-member", values, errors: refused.errors }, refused.status);
  }
}

export async function changeRole(c: Ctx, slug: string, userId: string) {
  const values = await managerForm(c, slug, "tenant:members:write");
  // Only the role: the grant keeps a live membership's expiry when it is not named.
  const input = parseForm(Membership.PutMembershipInput.pick({ role: true }), { role: values.role });
  if (!input.ok) return refuse(c, slug, { dialog: "change-role", member: userId, values, errors: input.errors }, 400);
  try {
    const { membership } = await Membership.grant(c.var.deps, c.var.principal, slug, userId, input.data, c.var.requestContext);
    return done(c, slug, `${membership.user.email} is now ${tenantRoleLabel(membership.role)}.`);
  } catch (error) {
    const refused = membershipRefusal(error);
    return refuse(c, slug, { dialog: "change-role", member: userId, values, errors: refused.errors }, refused.status);
  }
}

export async function changeExpiry(c: Ctx, slug: string, userId: string) {
  const values = await managerForm(c, slug, "tenant:members:write");
  const input = grantInput(values, "none");
  if (!input.ok) return refuse(c, slug, { dialog: "change-expiry", member: userId, values, errors: input.errors }, 400);
  try {
    const { membership } = await Membership.grant(c.var.deps, c.var.principal, slug, userId, input.data, c.var.requestContext);
    const until = membership.expiresAt ? `until ${membership.expiresAt.slice(0, 16).replace("T", " ")} UTC` : "with no expiry";
    return done(c, slug, `${membership.user.email} has access ${until}.`);
  } catch (error) {
    const refused = membershipRefusal(error);
    return refuse(c, slug, { dialog: "change-expiry", member: userId, values, errors: refused.errors }, refused.status);
  }
}

export async function revokeAccess(c: Ctx, slug: string, userId: string) {
  const values = await managerForm(c, slug, "tenant:members:write");
  try {
    await Membership.revoke(c.var.deps, c.var.principal, slug, userId, c.var.requestContext);
  } catch (error) {
    const refused = membershipRefusal(error);
    return refuse(c, slug, { dialog: "revoke", member: userId, values, errors: refused.errors }, refused.status);
  }
  return done(c, slug, `${values.email || "The member"} no longer has access. It ended at once.`);
}

export async function inviteClientUser(c: Ctx, slug: string) {
  const values = await managerForm(c, slug, "tenant:clients:write");
  return inviteClient(c, slug, values, "invite-client", (state, status) => renderTenantPage(c, slug, state, status));
}
