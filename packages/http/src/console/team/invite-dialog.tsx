import { Csrf, Dialog, DialogActions, Field, FormError, Select } from "../ui";
import { IssuedLinkNotice } from "./issued-link";
import { roleOptions } from "./labels";
import { withQuery } from "../links";
import type { DialogState } from "./view";

export const INVITE_DIALOG = "invite";
export const INVITE_PATH = "/console/team/invite";

/**
 * "Invite a teammate": email and role, then the setup link with Copy and whether the mail went
 * out. Always on the team page (closed) so script opens it in place; the server renders it open
 * at `?dialog=invite` and in the answer to its form.
 */
export function InviteDialog({ href, csrf, open, state }: { href: string; csrf: string; open: boolean; state: DialogState | undefined }) {
  const link = state?.link;
  return (
    <Dialog id={INVITE_DIALOG} title="Invite a teammate" open={open} closeHref={href}>
      {link ? (
        <>
          <IssuedLinkNotice link={link} email={state?.values?.email ?? ""} />
          <div class="actions">
            <a class="button secondary" href={withQuery(href, { dialog: INVITE_DIALOG })}>
              Invite someone else
            </a>
            <a class="button" href={href}>
              Done
            </a>
          </div>
        </>
      ) : (
        <form method="post" action={INVITE_PATH} novalidate>
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={href} />
          <p class="hint">They get an email with a link to choose a password and set up an authenticator. You also get the link here.</p>
          <FormError message={state?.errors?._form} />
          <Field label="Email" name="email" type="email" id="invite-email" autocomplete="off" value={state?.values?.email} error={state?.errors?.email} required />
          <Select label="Role" name="role" id="invite-role" options={roleOptions} value={state?.values?.role ?? "OPERATOR"} error={state?.errors?.role} />
          <DialogActions submit="Send invitation" closeHref={href} />
        </form>
      )}
    </Dialog>
  );
}
