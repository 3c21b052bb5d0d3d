import { Membership } from "@roster/core";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ConsoleEnv } from "../env";
import { parseForm, type FormErrors, type FormValues } from "../forms";
import { membershipRefusal } from "./refusal";

/** What the page answers an invitation with: what it did, or its form open again with what was typed and why it was refused. */
export type InviteAnswer<D extends string> = { invited: Membership.ClientInvitation } | { refused: { dialog: D; values: FormValues; errors: FormErrors } };

/**
 * Inviting a client user to a tenant, from the tenant page or the portal's team page alike: the
 * form's values judged, the verb, and the page drawn again by `answer` (its form was checked and
 * its sender authorized before).
 */
export async function inviteClient<D extends string>(
  c: Context<ConsoleEnv>,
  slug: string,
  values: FormValues,
  dialog: D,
  answer: (state: InviteAnswer<D>, status: ContentfulStatusCode) => Promise<Response>,
) {
  const input = parseForm(Membership.InviteClientInput, values);
  if (!input.ok) return answer({ refused: { dialog, values, errors: input.errors } }, 400);
  try {
    const invited = await Membership.inviteClient(c.var.deps, c.var.principal, slug, input.data, c.var.requestContext);
    // Shown in this answer only, never through a redirect: the setup link must not outlive this page.
    return await answer({ invited }, 201);
  } catch (error) {
    const refused = membershipRefusal(error);
    return answer({ refused: { dialog, values, errors: refused.errors } }, refused.status);
  }
}
