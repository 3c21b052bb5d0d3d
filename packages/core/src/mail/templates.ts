import type { Mail } from "./mailer";

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function layout(title: string, paragraphs: string[], action?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${escapeHtml(p)}</p>`).join("");
  const button = action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="background:#1f3a5f;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">${escapeHtml(action.label)}</a></p>` +
      `<p style="margin:0 0 16px;color:#555;font-size:13px">Or paste this link into your browser:<br>${escapeHtml(action.url)}</p>`
    : "";
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px"><h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}${button}</body></html>`;
}

export const formatExpiry = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16) + " UTC";

export function invitationMail(input: { to: string; invitedBy: string | null; role: string; setupUrl: string; expiresAt: Date }): Mail {
  const who = input.invitedBy ? `${input.invitedBy} invited you` : "You are invited";
  const lines = [
    `${who} to Roster with the role ${input.role}.`,
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
