import type { AuditEvent } from "../audit";
import { layout } from "../mail/templates";
import type { Mail } from "../mail/mailer";
import { equals } from "../store/expression";
import { IndexKeys } from "../store/keys";
import { queryAll } from "../store/read";
import { decodeTeamMember, teamProjection } from "../store/users";
import type { NotifyDeps } from "./notify";

/**
 * Every active SUPER_ADMIN hears of the owner's break-glass sign-in. It is mailed from the bus, not
 * by the sign-in: the sign-in stays within its round trips, and an SES outage delays the mail (the
 * bus retries, then the dead-letter queue) instead of losing it. A retry after a partial send mails
 * some admins twice, which beats a security notice that never arrives.
 */
export async function notifySuperAdmins(deps: NotifyDeps, event: AuditEvent): Promise<"sent" | "skipped"> {
  if (event?.type !== "SSO_BREAK_GLASS_LOGIN") return "skipped";
  const admins = new Set<string>();
  const { index, partition } = IndexKeys.teamPartition({ status: "ACTIVE", role: "SUPER_ADMIN" });
  for await (const admin of queryAll(deps.db, { index, key: equals(`${index}pk`, partition), projection: teamProjection() }, decodeTeamMember)) {
    admins.add(admin.email);
  }
  const mail = breakGlassMail(event);
  await Promise.all([...admins].map((to) => deps.mailer.send({ ...mail, to })));
  deps.log.info("Break-glass notice mailed", { eventId: event.id, admins: admins.size });
  return admins.size > 0 ? "sent" : "skipped";
}

function breakGlassMail(event: AuditEvent): Omit<Mail, "to"> {
  const actor: Record<string, unknown> = event.actor ?? {};
  const who = typeof actor.email === "string" ? actor.email : "The owner";
  const at = typeof event.occurredAt === "string" ? `${event.occurredAt.replace("T", " ").slice(0, 16)} UTC` : "an unrecorded time";
  const ip = event.context?.ip;
  const from = typeof ip === "string" && ip ? ` from the IP address ${ip}` : "";
  const lines = [
    `${who}, the owner, signed in to Roster with a password and authenticator on ${at}${from}, while single sign-on is enforced.`,
    "This is the break-glass path, meant for when the identity provider cannot sign anyone in. It is recorded in the audit log as SSO_BREAK_GLASS_LOGIN.",
    "If this was not expected, review the audit log and contact the owner.",
  ];
  return { subject: "Roster: the owner signed in past single sign-on (break-glass)", text: `${lines.join("\n\n")}\n`, html: layout("A break-glass sign-in", lines) };
}
