import type { AuditEvent } from "../audit";
import type { Mail } from "../mail/mailer";
import { formatExpiry, layout } from "../mail/templates";

/**
 * The mails that tell a person what happened to their account. The event arrives from the bus as
 * JSON, so every field is read defensively: a missing detail weakens a sentence, never the mail.
 */
export type NoticeInput = { event: AuditEvent; to: string; publicUrl: string };

type Notice = { subject: string; title: string; lines: string[]; action?: { label: string; url: string } };

const CONTACT_ADMIN = "If you think this is a mistake, contact your admin.";

const templates: Record<string, (input: NoticeInput) => Notice> = {
  MFA_RESET: ({ event, publicUrl }) => ({
    subject: "Your Roster authenticator was reset",
    title: "Your authenticator was reset",
    lines: [
      `${actorName(event, true)} reset the authenticator of your Roster account on ${when(event)}.`,
      "Codes from your old authenticator no longer work. Sign in with your email and password to enroll a new authenticator.",
      "If you did not ask for this, contact your admin.",
    ],
    action: { label: "Sign in to Roster", url: publicUrl },
  }),
  USER_ROLE_CHANGED: ({ event }) => {
    const role = change(event, "role");
    const from = role && isText(role.before) ? ` from ${role.before}` : "";
    const to = role && isText(role.after) ? ` to ${role.after}` : "";
    return {
      subject: "Your Roster role was changed",
      title: "Your role was changed",
      lines: [
        `${actorName(event, true)} changed your role${from}${to} on ${when(event)}.`,
        "What you can see and do in Roster follows the new role from your next request on.",
        CONTACT_ADMIN,
      ],
    };
  },
  USER_DEACTIVATED: ({ event }) => ({
    subject: "Your Roster account was deactivated",
    title: "Your account was deactivated",
    lines: [
      `${actorName(event, true)} deactivated your Roster account on ${when(event)}.`,
      "You can no longer sign in, and every session you had open has ended.",
      CONTACT_ADMIN,
    ],
  }),
  USER_REMOVED: ({ event }) => ({
    subject: "You were removed from Roster",
    title: "You were removed from Roster",
    lines: [
      `${actorName(event, true)} removed your account from Roster on ${when(event)}.`,
      "You can no longer sign in, and your access to every tenant has ended.",
      CONTACT_ADMIN,
    ],
  }),
  PASSWORD_CHANGED: ({ event }) => {
    const ip = isText(event.context?.ip) ? ` from the IP address ${event.context.ip}` : "";
    const by = isSelf(event) ? "" : ` by ${actorName(event)}`;
    return {
      subject: "Your Roster password was changed",
      title: "Your password was changed",
      lines: [
        `The password of your Roster account was changed${by} on ${when(event)}${ip}.`,
        "If this wasn't you, contact your admin right away: they can deactivate your account and reset its authenticator.",
      ],
    };
  },
  MEMBERSHIP_EXPIRING: ({ event }) => {
    const tenant = isText(event.tenant) ? event.tenant : "a tenant";
    const expiresAt = expiry(event);
    return {
      subject: `Your Roster access to ${tenant} expires soon`,
      title: `Your access to ${tenant} expires soon`,
      lines: [
        expiresAt ? `Your access to the tenant ${tenant} ends at ${expiresAt}.` : `Your access to the tenant ${tenant} ends soon.`,
        "After that you can no longer see or manage it. If you still need access, ask your admin to extend it.",
        `${actorName(event, true)} sent this reminder on ${when(event)}.`,
      ],
    };
  },
};

/** The mail for an event that concerns its target, or undefined for any other type. */
export function noticeMail(input: NoticeInput): Mail | undefined {
  const template = templates[input.event.type];
  if (!template) return undefined;
  const notice = template(input);
  const footer = "You receive this mail because it concerns your Roster account.";
  const action = notice.action ? `\n\n${notice.action.label}: ${notice.action.url}` : "";
  return {
    to: input.to,
    // A header is one line, whatever a tenant slug or a name might hold.
    subject: notice.subject.replace(/[\r\n]+/g, " "),
    text: `${notice.lines.join("\n\n")}${action}\n\n${footer}\n`,
    html: layout(notice.title, [...notice.lines, footer], notice.action),
  };
}

export const NOTICE_TYPES = Object.keys(templates);

/** Who acted, as the person reading the mail knows them: an email, a named API client, or Roster itself. */
function actorName(event: AuditEvent, startsSentence = false): string {
  // As the bus delivered it: each field is read only once it is known to be text.
  const actor = { type: field(event.actor, "type"), email: field(event.actor, "email"), name: field(event.actor, "name") };
  // Emails and names are shown as recorded; only our own words take a capital.
  const word = (text: string) => (startsSentence ? text.charAt(0).toUpperCase() + text.slice(1) : text);
  if (isSelf(event)) return word("you");
  if (actor.type === "user" && isText(actor.email)) return actor.email;
  if (actor.type === "api_client") return isText(actor.name) ? `${word("the")} API client "${actor.name}"` : word("an API client");
  if (actor.type === "system") return isText(actor.name) ? `Roster (${actor.name})` : "Roster";
  if (actor.type === "sso") return word("your identity provider");
  if (actor.type === "directory") return word("your directory");
  return word("someone");
}

function isSelf(event: AuditEvent): boolean {
  return event.actor?.type === "user" && isText(event.actor.id) && event.actor.id === event.target?.id;
}

function when(event: AuditEvent): string {
  const date = isText(event.occurredAt) ? new Date(event.occurredAt) : undefined;
  return date && !Number.isNaN(date.getTime()) ? formatExpiry(date) : "an unrecorded time";
}

function change(event: AuditEvent, name: string): { before?: unknown; after?: unknown } | undefined {
  const value = field(event.changes, name);
  return isRecord(value) ? value : undefined;
}

/** The expiry instant wherever the job put it: the change's new value, its old one, or a plain value. */
function expiry(event: AuditEvent): string | undefined {
  const changed = change(event, "expiresAt");
  const raw = changed?.after ?? changed?.before ?? field(event.changes, "expiresAt");
  if (!isText(raw)) return undefined;
  const date = new Date(raw);
  return Number.isNaN(date.getTime()) ? raw : formatExpiry(date);
}

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
/** A field of what may not be an object at all (an event from the bus is only as whole as its sender made it). */
const field = (value: unknown, name: string): unknown => (isRecord(value) ? value[name] : undefined);
