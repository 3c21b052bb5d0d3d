import type { Child } from "hono/jsx";
import { Csrf, Dialog, DialogActions, Field, FormError, Select } from "../ui";
import { EndAccessDialog, TenantRoleDialog, type DialogProps, type MemberDialogProps } from "../tenants/member-dialogs";
import { CLIENT_ROLES } from "../tenants/roles";

/** Inviting a colleague, or, in the answer to it, what the invitation did (`result`). */
export function InviteTeammateDialog({ csrf, action, closeHref, open, values = {}, errors = {}, result }: DialogProps & { result?: Child }) {
  return (
    <Dialog id="invite" title="Invite a teammate" open={open} closeHref={closeHref}>
      {result ?? (
        <form method="post" action={action} novalidate>
          <Csrf token={csrf} />
          <FormError message={errors._form} />
          <Field label="Email" name="email" type="email" id="invite-email" autocomplete="off" value={values.email} error={errors.email} hint="Their work email: the setup link goes there." required />
          <Select label="Tenant role" name="role" id="invite-role" options={CLIENT_ROLES} value={values.role} error={errors.role} />
          <DialogActions submit="Send invitation" closeHref={closeHref} />
        </form>
      )}
    </Dialog>
  );
}

type TeammateProps = MemberDialogProps & { yourself: boolean };

export function ChangeTeammateRoleDialog({ yourself, ...props }: TeammateProps) {
  return <TenantRoleDialog {...props} options={CLIENT_ROLES} note={yourself ? " As a client viewer you would no longer manage the team." : ""} />;
}

export function RemoveTeammateDialog({ yourself, tenantName, ...props }: TeammateProps & { tenantName: string }) {
  return (
    <EndAccessDialog {...props} id="remove" title="Remove from tenant">
      Remove <strong>{props.member.user.email}</strong> from {tenantName}? {yourself ? "You will lose access to this portal at once." : "Their access ends at once; you can invite them again later."}
    </EndAccessDialog>
  );
}
