import type { Membership } from "@roster/core";
import { CopyField, When } from "../ui";

/**
 * What an invitation did, shown once in the answer to it: a new person's setup link (whoever holds
 * it can become them, so it never travels through a redirect) and whether the mail went out; or,
 * for someone who already had an account, that they simply gained access.
 */
export function InvitationResult({ invitation, tenantName, closeHref }: { invitation: Membership.ClientInvitation; tenantName: string; closeHref: string }) {
  const { user, setupUrl, setupExpiresAt, emailDelivery } = invitation;
  return (
    <div class="tenant-invitation">
      {setupUrl ? (
        <>
          {emailDelivery === "sent" ? (
            <p class="notice notice-success" role="status">
              Invitation sent to <strong>{user.email}</strong>. The mail holds the setup link below.
            </p>
          ) : (
            <p class="notice notice-error" role="alert">
              The invitation mail to <strong>{user.email}</strong> could not be sent. Give them the setup link below yourself.
            </p>
          )}
          <CopyField label="Setup link" value={setupUrl} id="setup-link" />
          <p class="hint">
            It works once, until <When at={setupExpiresAt} />. Anyone holding it can set up this account, so share it only with them.
          </p>
        </>
      ) : (
        <p class="notice notice-success" role="status">
          <strong>{user.email}</strong> already had a Roster account and can now use {tenantName}. No mail was sent: they sign in as usual.
        </p>
      )}
      <div class="actions">
        <a class="button secondary" href={closeHref}>
          Done
        </a>
      </div>
    </div>
  );
}
