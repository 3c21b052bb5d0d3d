import { CopyField, When } from "../ui";
import type { IssuedLink } from "./view";

/**
 * A setup link just issued, once: whether the mail went out, the link to copy (an admin passes it
 * on when the mail failed, or to be sure), and how long it works. Never carried by a redirect.
 */
export function IssuedLinkNotice({ link, email }: { link: IssuedLink; email: string }) {
  const sent = link.emailDelivery === "sent";
  return (
    <div class={`notice issued-link ${sent ? "notice-success" : "notice-error"}`} role="status">
      <p>
        {sent ? (
          <>
            The setup link was emailed to <strong>{email}</strong>.
          </>
        ) : (
          <>
            The mail to <strong>{email}</strong> could not be sent. Copy the link below and pass it on yourself.
          </>
        )}
      </p>
      {link.setupUrl ? (
        <CopyField label="Setup link" value={link.setupUrl} id="setup-link" />
      ) : (
        <p>The link went by mail only.</p>
      )}
      <p class="hint">
        It works once, until <When at={link.setupExpiresAt} />. Whoever holds it can become this person: give it to them alone.
      </p>
    </div>
  );
}
