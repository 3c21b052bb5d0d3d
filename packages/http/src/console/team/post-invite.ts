import { AuthError, Policy, User } from "@roster/core";
import type { Context } from "hono";
import type { ConsoleEnv } from "../env";
import { formRefusal, parseForm, readCheckedForm } from "../forms";
import { INVITE_DIALOG } from "./invite-dialog";
import { renderTeam } from "./team-page";
import { viewOf } from "./view";

/**
 * "Send invitation": the person is invited as the API invites, and the dialog answers with the
 * setup link (shown once, here, never through a redirect) and whether the mail went out; a refusal
 * re-opens it with what was typed and why.
 */
export async function postInvite(c: Context<ConsoleEnv>) {
  const { values } = await readCheckedForm(c);
  if (!Policy.can(c.var.principal, "users:write")) throw AuthError.forbidden();
  const { href } = viewOf(values.back?.startsWith("/console/team") ? values.back : undefined);
  const typed = { email: values.email ?? "", role: values.role ?? "" };
  const parsed = parseForm(User.InviteUserInput, typed);
  if (!parsed.ok) return renderTeam(c, href, { dialog: { id: INVITE_DIALOG, values: typed, errors: parsed.errors } }, 400);
  try {
    const invitation = await User.invite(c.var.deps, c.var.principal, parsed.data, c.var.requestContext);
    c.header("Cache-Control", "no-store");
    const link = { setupUrl: invitation.setupUrl, setupExpiresAt: invitation.setupExpiresAt, emailDelivery: invitation.emailDelivery };
    return renderTeam(c, href, { dialog: { id: INVITE_DIALOG, values: { email: invitation.user.email }, link } }, 201);
  } catch (error) {
    const refused = formRefusal(error);
    // "Already on the team" is about the email typed: said beside it.
    const errors = refused.error.code === "user.email_taken" ? { email: refused.error.message } : refused.errors;
    return renderTeam(c, href, { dialog: { id: INVITE_DIALOG, values: typed, errors } }, refused.status);
  }
}
