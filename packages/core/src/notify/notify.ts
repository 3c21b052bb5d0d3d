import type { AuditEvent } from "../audit";
import type { Logger } from "../log";
import type { Mailer } from "../mail/mailer";
import type { Db } from "../store/client";
import { ADMIN_NOTIFY_EVENT_TYPES } from "../events";
import { notifySuperAdmins } from "./break-glass";
import { noticeMail } from "./templates";

/** The table is read only to find whom an admin notice goes to (`ADMIN_NOTIFY_EVENT_TYPES`). */
export type NotifyDeps = { mailer: Mailer; log: Logger; settings: { publicUrl: string }; db: Db };

/** The notify rule's target: an admin notice to every active SUPER_ADMIN, any other notice to the person it concerns. */
export const notify = (deps: NotifyDeps, event: AuditEvent): Promise<"sent" | "skipped"> =>
  ADMIN_NOTIFY_EVENT_TYPES.some((type) => type === event?.type) ? notifySuperAdmins(deps, event) : notifyPerson(deps, event);

// Deliberately loose: anything with an @ that SES accepts. The address came from our own table.
const looksLikeEmail = (value: unknown): value is string => typeof value === "string" && /^[^\s@]+@[^\s@]+$/.test(value);

/**
 * Tells the person an audit event concerns (its `target.email`) what happened to their account:
 * an authenticator reset, a role change, deactivation, removal, a password change, access about
 * to expire. Other events, and events without a target email, are skipped. A failed send throws,
 * so the bus retries the target; a retry after a send that did go through mails twice, which
 * beats a security notice that never arrives.
 */
export async function notifyPerson(deps: Omit<NotifyDeps, "db">, event: AuditEvent): Promise<"sent" | "skipped"> {
  const to = event?.target?.email;
  if (!looksLikeEmail(to)) return "skipped";
  const mail = noticeMail({ event, to, publicUrl: deps.settings.publicUrl });
  if (!mail) return "skipped";
  await deps.mailer.send(mail);
  deps.log.info("Notice mailed", { eventId: event.id, type: event.type });
  return "sent";
}
