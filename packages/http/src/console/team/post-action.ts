import { AuthError, Policy, User, type DomainError } from "@roster/core";
import type { Context } from "hono";
import { z } from "zod";
import type { ConsoleEnv } from "../env";
import { redirectWithFlash } from "../flash";
import { formRefusal, parseForm, readCheckedForm, type FormValues } from "../forms";
import { dialogId, type RowAction } from "./actions";
import { ROLE_LABELS } from "./labels";
import { renderView } from "./render-view";
import { TEAM_PATH, viewOf, type IssuedLink } from "./view";

/** What an action did: a notice for the next page, or a setup link to show once, here. */
type Outcome = { notice: string } | { link: IssuedLink };

const RoleForm = z.object({ role: User.RoleSchema });

/** Each action through its core verb, as the API's route for it calls it. */
async function perform(c: Context<ConsoleEnv>, action: RowAction, userId: string, values: FormValues): Promise<Outcome> {
  const { deps, principal, requestContext } = c.var;
  switch (action) {
    case "setup-link":
      return { link: await User.regenerateSetupLink(deps, principal, userId, requestContext) };
    case "role": {
      // Parsed before, where a refusal re-opens the dialog: this parse cannot fail.
      const { role } = RoleForm.parse(values);
      const user = await User.changeRole(deps, principal, userId, role, requestContext);
      return { notice: `${user.email} is now ${ROLE_LABELS[user.role]}. It takes effect on their next page load or request.` };
    }
    case "mfa-reset": {
      const user = await User.resetMfa(deps, principal, userId, requestContext);
      return { notice: `The authenticator of ${user.email} was reset and their sessions ended. Their next sign-in sets up a new one.` };
    }
    case "deactivate": {
      const user = await User.deactivate(deps, principal, userId, requestContext);
      return { notice: `${user.email} was deactivated and signed out everywhere.` };
    }
    case "reactivate": {
      const user = await User.reactivate(deps, principal, userId, requestContext);
      return { notice: `${user.email} is active again and can sign in.` };
    }
    case "remove": {
      await User.remove(deps, principal, userId, requestContext);
      const email = User.EmailSchema.safeParse(values.email);
      return { notice: `${email.success ? email.data : "They"} ${email.success ? "was" : "were"} removed from the team.` };
    }
    case "ownership": {
      const user = await User.transferOwnership(deps, principal, userId, requestContext);
      return { notice: `${user.email} is now the workspace's owner.` };
    }
  }
}

/**
 * A row action's form: the CSRF token, the verb, then back to the page it came from with a notice
 * (post/redirect/get), or that page again with the new setup link, or with the dialog re-opened
 * and the API's refusal in it. A VIEWER's forged form is refused with the 403 page.
 */
export async function postAction(c: Context<ConsoleEnv>, action: RowAction, userId: string) {
  const { values } = await readCheckedForm(c);
  if (!Policy.can(c.var.principal, "users:write")) throw AuthError.forbidden();
  const view = viewOf(values.back);
  const dialog = dialogId(action, userId);
  if (action === "role") {
    const parsed = parseForm(RoleForm, values);
    if (!parsed.ok) return renderView(c, view, { dialog: { id: dialog, values, errors: parsed.errors } }, 400);
  }
  let outcome: Outcome;
  try {
    outcome = await perform(c, action, userId, values);
  } catch (error) {
    const refused = formRefusal(error);
    if (isGone(refused.error)) return redirectWithFlash(c, TEAM_PATH, { kind: "error", message: "That person is no longer on the team: someone removed them meanwhile." });
    return renderView(c, view, { dialog: { id: dialog, values, errors: refused.errors } }, refused.status);
  }
  if ("link" in outcome) {
    // The link is a credential: shown in this answer only, and never stored by a cache.
    c.header("Cache-Control", "no-store");
    return renderView(c, view, { dialog: { id: dialog, link: outcome.link } }, 200);
  }
  // Their own page is gone with them.
  const next = action === "remove" && view.kind === "person" ? TEAM_PATH : view.href;
  return redirectWithFlash(c, next, { kind: "success", message: outcome.notice });
}

const isGone = (error: DomainError) => error.code === "user.not_found";
