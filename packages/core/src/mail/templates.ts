import type { Mail } from "./mailer";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  // A new tab: the pages a link opens refuse to be framed, and a mail viewer may show mail in a frame.
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" target="_blank" rel="noopener noreferrer" style="background:#1f3a5f;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;color:#555;font-size:13px">Or paste this link into your browser:<br>${escapeHtml(action.url)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}</body></html>`;
}

export const formatExpiry = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

/** What an invitation opens, in the words its reader would use. */
export type InvitedTo = { role: string } | { tenant: string; tenantRole: string };

const ROLE_WORDS: Record<string, string> = {
  SUPER_ADMIN: "a workspace admin (SUPER_ADMIN), who manages the team, tenants and API clients",
  VIEWER: "a viewer (VIEWER), who can see everything and change nothing",
  OPERATOR: "an operator (OPERATOR), with access to the tenants you are added to",
  CONTRACTOR: "a contractor (CONTRACTOR), with access to the tenants you are added to until a set date",
};

const TENANT_ROLE_WORDS: Record<string, string> = {
  CLIENT_ADMIN: "an admin, who can see the account and manage its team",
  CLIENT_VIEWER: "a viewer, who can see the account",
};

function invitedToWords(to: InvitedTo): string {
  if ("tenant" in to) return `${to.tenant} on Roster as ${TENANT_ROLE_WORDS[to.tenantRole] ?? to.tenantRole}`;
  // A client user's renewed link: the membership that invited them is not at hand, their company's portal is.
  if (to.role === "CLIENT_USER") return "your company's portal on Roster";
  return `Roster as ${ROLE_WORDS[to.role] ?? to.role}`;
}

export function invitationMail(input: { to: string; invitedBy: string | null; invitedTo: InvitedTo; setupUrl: string; expiresAt: Date }): Mail {
  const who = input.invitedBy ? `${input.invitedBy} invited you` : "You are invited";
  const lines = [
    `${who} to ${invitedToWords(input.invitedTo)}.`,
    "Open the link below to choose your name and password and to connect an authenticator app.",
    `The link works once and expires at ${formatExpiry(input.expiresAt)}. If you did not expect this invitation, ignore this mail.`,
  ];
  return {
    to: input.to,
    subject: "You're invited to Roster: set up your account",
    text: `${lines.join("\n\n")}\n\n${input.setupUrl}\n`,
    html: layout("You're invited to Roster", lines, { label: "Set up your account", url: input.setupUrl }),
  };
}
