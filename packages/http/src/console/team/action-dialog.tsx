import type { User } from "@roster/core";
import type { Child } from "hono/jsx";
import { Csrf, Dialog, DialogActions, FormError, Select } from "../ui";
import { ACTION_LABELS, DESTRUCTIVE, dialogId, type RowAction } from "./actions";
import { IssuedLinkNotice } from "./issued-link";
import { roleOptions } from "./labels";
import { personPath, type DialogState } from "./view";

type Person = Pick<User.User, "id" | "email" | "role">;

const TITLES: Record<RowAction, (email: string) => string> = {
  "setup-link": (email) => `Resend the setup link to ${email}`,
  role: (email) => `Change the role of ${email}`,
  "mfa-reset": (email) => `Reset the authenticator of ${email}?`,
  deactivate: (email) => `Deactivate ${email}?`,
  reactivate: (email) => `Reactivate ${email}?`,
  remove: (email) => `Remove ${email}?`,
  ownership: (email) => `Make ${email} the owner?`,
};

/** What happens, said before it does. */
const CONSEQUENCES: Record<RowAction, (email: string) => Child> = {
  "setup-link": (email) => `A new link goes to ${email} by mail and appears here for you to copy. The link they have now stops working at once.`,
  role: () => "The new role takes effect on their next page load or request.",
  "mfa-reset": () =>
    "For a lost or replaced phone. Their sessions and tokens end now; at their next sign-in their password leads them to set up a new authenticator.",
  deactivate: () => "They are signed out everywhere, cannot sign in, and their tokens stop working. Their history stays, and you can reactivate them later.",
  reactivate: () => "They can sign in again with their password and authenticator. Sessions and tokens they had before stay ended.",
  remove: () => "Their account and tenant memberships are deleted and their email can be invited again. The audit log keeps their history. This cannot be undone.",
  ownership: (email) => `${email} becomes the workspace's owner, the one admin nobody can demote, deactivate or remove. You stay a super admin.`,
};

/**
 * One person's action in a dialog that names them: what will happen, the confirming button named
 * as the action, and the API's refusal above it when the verb said no. "Resend setup link" shows
 * the new link with Copy once it is issued.
 */
export function ActionDialog(props: { action: RowAction; person: Person; href: string; csrf: string; state: DialogState | undefined }) {
  const { action, person, href, csrf, state } = props;
  const id = dialogId(action, person.id);
  const link = state?.link;
  return (
    <Dialog id={id} title={TITLES[action](person.email)} open closeHref={href}>
      {link ? (
        <>
          <IssuedLinkNotice link={link} email={person.email} />
          <div class="actions">
            <a class="button" href={href}>
              Done
            </a>
          </div>
        </>
      ) : (
        <form method="post" action={`${personPath(person.id)}/${action}`} novalidate>
          <Csrf token={csrf} />
          <input type="hidden" name="back" value={href} />
          {/* For the notice after a removal, when the person can no longer be read. */}
          {action === "remove" ? <input type="hidden" name="email" value={person.email} /> : null}
          <FormError message={state?.errors?._form} />
          <p>{CONSEQUENCES[action](person.email)}</p>
          {action === "role" ? (
            <Select label="Role" name="role" id={`${id}-role`} options={roleOptions} value={state?.values?.role ?? person.role} error={state?.errors?.role} />
          ) : null}
          <DialogActions submit={ACTION_LABELS[action]} closeHref={href} danger={DESTRUCTIVE.has(action)} />
        </form>
      )}
    </Dialog>
  );
}
