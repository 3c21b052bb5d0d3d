import type { Membership } from "@roster/core";
import type { Child } from "hono/jsx";
import type { FormErrors, FormValues } from "../forms";
import { Csrf, Dialog, DialogActions, Field, FormError, Select, type Option } from "../ui";
import { localInputFromUtc } from "./expiry";
import { ANY_TENANT_ROLE, CLIENT_ROLES, isClientRole, OPERATOR_ROLES } from "./roles";

/** What every dialog of the tenant page is handed: where its form posts, where closing leads, and a refused attempt to show again. */
export type DialogProps = { csrf: string; action: string; closeHref: string; open: boolean; values?: FormValues | undefined; errors?: FormErrors | undefined };

const expiryHint = (maxContractorDays: number) =>
  `In UTC, not your local time. Required for contractors (at most ${maxContractorDays} days ahead); leave empty for access that does not expire.`;

export function AddMemberDialog({ csrf, action, closeHref, open, values = {}, errors = {}, maxContractorDays }: DialogProps & { maxContractorDays: number }) {
  return (
    <Dialog id="add-member" title="Add member" open={open} closeHref={closeHref}>
      <form method="post" action={action} novalidate>
        <Csrf token={csrf} />
        <FormError message={errors._form} />
        <Field
          label="Person"
          name="email"
          type="email"
          id="add-member-person"
          autocomplete="off"
          value={values.email}
          error={errors.email}
          hint="The email of someone on the team. Someone new? Invite them on the Team page first."
          required
        />
        <Select label="Tenant role" name="role" id="add-member-role" options={ANY_TENANT_ROLE} value={values.role} error={errors.role} />
        <Field label="Expires at" name="expiresAt" type="datetime-local" id="add-member-expires" value={values.expiresAt} error={errors.expiresAt} hint={expiryHint(maxContractorDays)} />
        <DialogActions submit="Add member" closeHref={closeHref} />
      </form>
    </Dialog>
  );
}

/** The invitation form, or, in the answer to it, what it did (`result`). */
export function InviteClientDialog({ csrf, action, closeHref, open, values = {}, errors = {}, tenantName, result }: DialogProps & { tenantName: string; result?: Child }) {
  return (
    <Dialog id="invite-client" title="Invite client user" open={open} closeHref={closeHref}>
      {result ?? (
        <>
          <p class="hint">Someone at {tenantName} who should see this tenant in the portal. They get a mail with a setup link.</p>
          <form method="post" action={action} novalidate>
            <Csrf token={csrf} />
            <FormError message={errors._form} />
            <Field label="Email" name="email" type="email" id="invite-client-email" autocomplete="off" value={values.email} error={errors.email} required />
            <Select label="Tenant role" name="role" id="invite-client-role" options={CLIENT_ROLES} value={values.role} error={errors.role} />
            <DialogActions submit="Send invitation" closeHref={closeHref} />
          </form>
        </>
      )}
    </Dialog>
  );
}

export type MemberDialogProps = DialogProps & { member: Membership.Membership };

/**
 * A member's new tenant role, on the tenant page and in the portal alike: `options` are the roles
 * this member may move between, `note` what else the change does.
 */
export function TenantRoleDialog({ csrf, action, closeHref, values = {}, errors = {}, member, options, note }: MemberDialogProps & { options: Option[]; note: string }) {
  return (
    <Dialog id="change-role" title="Change tenant role" open closeHref={closeHref}>
      <p>
        For <strong>{member.user.email}</strong>.{note}
      </p>
      <form method="post" action={action} novalidate>
        <Csrf token={csrf} />
        <FormError message={errors._form} />
        <Select label="Tenant role" name="role" id="change-role-role" options={options} value={values.role ?? member.role} error={errors.role} />
        <DialogActions submit="Change tenant role" closeHref={closeHref} />
      </form>
    </Dialog>
  );
}

/** Only the roles that fit this member are offered: a client's for a client user, an operator's for staff (the API refuses the others). */
export function ChangeRoleDialog(props: MemberDialogProps) {
  return <TenantRoleDialog {...props} options={isClientRole(props.member.role) ? CLIENT_ROLES : OPERATOR_ROLES} note=" Their expiry stays as it is." />;
}

export function ChangeExpiryDialog({ csrf, action, closeHref, values = {}, errors = {}, member, maxContractorDays }: MemberDialogProps & { maxContractorDays: number }) {
  return (
    <Dialog id="change-expiry" title="Change expiry" open closeHref={closeHref}>
      <p>
        When <strong>{member.user.email}</strong>'s access ends. Their tenant role stays as it is.
      </p>
      <form method="post" action={action} novalidate>
        <Csrf token={csrf} />
        {/* The role the person saw: a grant names the role it keeps. */}
        <input type="hidden" name="role" value={member.role} />
        <FormError message={errors._form ?? errors.role} />
        <Field
          label="Expires at"
          name="expiresAt"
          type="datetime-local"
          id="change-expiry-expires"
          value={values.expiresAt ?? localInputFromUtc(member.expiresAt)}
          error={errors.expiresAt}
          hint={expiryHint(maxContractorDays)}
        />
        <DialogActions submit="Change expiry" closeHref={closeHref} />
      </form>
    </Dialog>
  );
}

/**
 * Ending a member's access, asked as the question `children` words; the dialog's title names the
 * button too. The email rides along for the notice after, when the membership can no longer be read.
 */
export function EndAccessDialog({ id, title, csrf, action, closeHref, errors = {}, member, children }: MemberDialogProps & { id: string; title: string; children: Child }) {
  return (
    <Dialog id={id} title={title} open closeHref={closeHref}>
      <p>{children}</p>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        <input type="hidden" name="email" value={member.user.email} />
        <FormError message={errors._form} />
        <DialogActions submit={title} closeHref={closeHref} danger />
      </form>
    </Dialog>
  );
}

export function RevokeDialog({ tenantName, ...props }: MemberDialogProps & { tenantName: string }) {
  return (
    <EndAccessDialog {...props} id="revoke" title="Revoke access">
      Revoke <strong>{props.member.user.email}</strong>'s access to {tenantName}? It ends at once; granting it again is always possible.
    </EndAccessDialog>
  );
}
