import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { PUBLIC_URL, testDeps } from "../../../../test/fixtures/deps";
import { mailsTo } from "../../../../test/fixtures/observe";
import { AUDIT_EVENT_TYPES } from "../audit";
import type { AuditEvent } from "../audit";
import { NOTIFY_EVENT_TYPES } from "../events/rules";
import { silentLogger } from "../log";
import { sesMailer } from "../mail/mailer";
import { notifyPerson, type NotifyDeps } from "./notify";

let deps: NotifyDeps;
beforeAll(async () => {
  const { deps: all } = await testDeps();
  deps = { mailer: all.mailer, log: silentLogger, settings: all.settings, db: all.db };
});

const OCCURRED_AT = "2025-03-01T12:34:56.000Z";
const WHEN = "2025-03-01 12:34 UTC";

/** An event about a fresh address, so the shared SES emulator's store holds only this test's mail. */
function eventFor(type: string, overrides: Partial<AuditEvent> = {}): AuditEvent & { target: { email: string } } {
  const email = `person-${randomUUID()}@example.com`;
  return {
    id: `evt_${randomUUID()}`,
    type: type as AuditEvent["type"],
    occurredAt: OCCURRED_AT,
    actor: { type: "user", id: "usr_admin", email: "admin@example.com" },
    target: { type: "user", id: "usr_person", email },
    tenant: null,
    changes: null,
    context: { requestId: "req_1", clientRequestId: null, ip: "203.0.113.7", userAgent: "test" },
    ...overrides,
  } as AuditEvent & { target: { email: string } };
}

async function sendAndRead(event: AuditEvent & { target: { email: string } }) {
  expect(await notifyPerson(deps, event)).toBe("sent");
  const mails = await mailsTo(event.target.email);
  expect(mails).toHaveLength(1);
  const mail = mails[0]!;
  return { subject: mail.subject, text: mail.body.text ?? "", html: mail.body.html ?? "" };
}

describe("notifyPerson", () => {
  it("MFA_RESET: tells the person to sign in with their password and enroll a new authenticator", async () => {
    const mail = await sendAndRead(eventFor("MFA_RESET"));
    expect(mail.subject).toBe("Your Roster authenticator was reset");
    expect(mail.text).toContain(`admin@example.com reset the authenticator of your Roster account on ${WHEN}.`);
    expect(mail.text).toMatch(/sign in with your email and password to enroll a new authenticator/i);
    expect(mail.text).toContain(PUBLIC_URL);
    expect(mail.html).toContain("admin@example.com reset the authenticator");
    expect(mail.html).toContain(`href="${PUBLIC_URL}"`);
  });

  it("USER_ROLE_CHANGED: names the role before and after", async () => {
    const mail = await sendAndRead(eventFor("USER_ROLE_CHANGED", { changes: { role: { before: "OPERATOR", after: "SUPER_ADMIN" } } }));
    expect(mail.subject).toBe("Your Roster role was changed");
    expect(mail.text).toContain(`admin@example.com changed your role from OPERATOR to SUPER_ADMIN on ${WHEN}.`);
    expect(mail.html).toContain("from OPERATOR to SUPER_ADMIN");
  });

  it("USER_DEACTIVATED: says sign-in and sessions are gone", async () => {
    const mail = await sendAndRead(eventFor("USER_DEACTIVATED", { changes: { status: { before: "ACTIVE", after: "DEACTIVATED" } } }));
    expect(mail.subject).toBe("Your Roster account was deactivated");
    expect(mail.text).toContain(`admin@example.com deactivated your Roster account on ${WHEN}.`);
    expect(mail.text).toContain("You can no longer sign in");
  });

  it("USER_REMOVED: names an API client that acted", async () => {
    const mail = await sendAndRead(eventFor("USER_REMOVED", { actor: { type: "api_client", id: "cli_1", name: "HR sync" } }));
    expect(mail.subject).toBe("You were removed from Roster");
    expect(mail.text).toContain(`The API client "HR sync" removed your account from Roster on ${WHEN}.`);
    expect(mail.html).toContain("The API client &quot;HR sync&quot; removed your account");
  });

  it("PASSWORD_CHANGED by the person: when, from where, and what to do if it wasn't them", async () => {
    const event = eventFor("PASSWORD_CHANGED");
    const self = { ...event, actor: { type: "user" as const, id: event.target.id, email: event.target.email } };
    const mail = await sendAndRead(self);
    expect(mail.subject).toBe("Your Roster password was changed");
    expect(mail.text).toContain(`The password of your Roster account was changed on ${WHEN} from the IP address 203.0.113.7.`);
    expect(mail.text).toContain("If this wasn't you, contact your admin");
    expect(mail.html).toContain("If this wasn&#39;t you, contact your admin");
  });

  it("PASSWORD_CHANGED by someone else names them", async () => {
    const mail = await sendAndRead(eventFor("PASSWORD_CHANGED", { context: { requestId: "r", clientRequestId: null, ip: null, userAgent: null } }));
    expect(mail.text).toContain(`The password of your Roster account was changed by admin@example.com on ${WHEN}.`);
  });

  it("MEMBERSHIP_EXPIRING: the tenant and the expiry, from the change or without it", async () => {
    const system = { type: "system" as const, id: "system:expire-memberships", name: "expire-memberships" };
    const target = (email: string) => ({ type: "membership" as const, id: "acme#usr_person", email });
    const withExpiry = eventFor("MEMBERSHIP_EXPIRING", { actor: system, tenant: "acme", changes: { expiresAt: { before: null, after: "2025-03-04T09:00:00.000Z" } } });
    const mail = await sendAndRead({ ...withExpiry, target: target(withExpiry.target.email) });
    expect(mail.subject).toBe("Your Roster access to acme expires soon");
    expect(mail.text).toContain("Your access to the tenant acme ends at 2025-03-04 09:00 UTC.");
    expect(mail.text).toContain(`Roster (expire-memberships) sent this reminder on ${WHEN}.`);

    const bare = eventFor("MEMBERSHIP_EXPIRING", { actor: system, tenant: "acme", changes: null });
    const plain = await sendAndRead({ ...bare, target: target(bare.target.email) });
    expect(plain.text).toContain("Your access to the tenant acme ends soon.");
  });

  it("sends one mail for each type of the notify rule", () => {
    // Guards the list above against a type added to the rule without a template and a test.
    expect([...NOTIFY_EVENT_TYPES].sort()).toEqual(["MEMBERSHIP_EXPIRING", "MFA_RESET", "PASSWORD_CHANGED", "USER_DEACTIVATED", "USER_REMOVED", "USER_ROLE_CHANGED"]);
  });

  it("escapes what came from people in the HTML part", async () => {
    const mail = await sendAndRead(eventFor("USER_REMOVED", { actor: { type: "api_client", id: "cli_2", name: "<img src=x onerror=alert(1)>" } }));
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("skips the other types and events without a target email, sending nothing", async () => {
    const others = AUDIT_EVENT_TYPES.filter((type) => !(NOTIFY_EVENT_TYPES as readonly string[]).includes(type));
    const events = others.map((type) => eventFor(type));
    for (const event of events) expect(await notifyPerson(deps, event)).toBe("skipped");

    const noEmail = eventFor("MFA_RESET");
    expect(await notifyPerson(deps, { ...noEmail, target: { type: "user", id: "usr_x" } })).toBe("skipped");
    expect(await notifyPerson(deps, { ...noEmail, target: { type: "user", id: "usr_x", email: "not an address" } })).toBe("skipped");

    for (const event of [...events, noEmail]) expect(await mailsTo(event.target.email)).toEqual([]);
  });

  it("throws when the mail cannot be sent, so the bus retries", async () => {
    const unreachable = sesMailer({ endpoint: "http://127.0.0.1:9", from: "roster@example.com", region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    await expect(notifyPerson({ ...deps, mailer: unreachable }, eventFor("MFA_RESET"))).rejects.toThrow();
  });
});
