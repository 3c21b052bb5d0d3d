import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { testDeps, type TestDeps } from "../../../../test/fixtures/deps";
import { mailsTo } from "../../../../test/fixtures/observe";
import { FIXTURE_CONTEXT, people } from "../../../../test/fixtures/people";
import type { AuditEvent } from "../audit";
import { silentLogger } from "../log";
import { deactivate } from "../user/deactivate";
import { notify, type NotifyDeps } from "./notify";

/*
 * The owner's break-glass sign-in is mailed from its audit event by the notify consumer, to every
 * active SUPER_ADMIN: not to a deactivated one, nor to anyone else.
 */
let deps: TestDeps;
let notifyDeps: NotifyDeps;
const suffix = randomUUID().slice(0, 8);
const emails = {
  owner: `owner-${suffix}@break-glass.example`,
  admin: `admin-${suffix}@break-glass.example`,
  gone: `gone-${suffix}@break-glass.example`,
  viewer: `viewer-${suffix}@break-glass.example`,
};
let ownerId: string;

beforeAll(async () => {
  ({ deps } = await testDeps());
  notifyDeps = { mailer: deps.mailer, log: silentLogger, settings: deps.settings, db: deps.db };
  const fixtures = people(deps);
  const owner = await fixtures.owner(emails.owner);
  ownerId = owner.id;
  await fixtures.activeUser(owner.accessToken, emails.admin, "SUPER_ADMIN");
  await fixtures.activeUser(owner.accessToken, emails.viewer, "VIEWER");
  const gone = await fixtures.activeUser(owner.accessToken, emails.gone, "SUPER_ADMIN");
  await deactivate(deps, await fixtures.principalOf(owner.accessToken), gone.id, FIXTURE_CONTEXT);
});

/** The break-glass notices an address holds (its invitation mail aside). */
const noticesTo = async (to: string) => (await mailsTo(to)).filter((mail) => /break-glass/.test(mail.subject ?? ""));

const breakGlass = (): AuditEvent => ({
  id: `evt_${randomUUID()}`,
  type: "SSO_BREAK_GLASS_LOGIN",
  occurredAt: "2026-12-02T09:30:12.000Z",
  actor: { type: "user", id: ownerId, email: emails.owner },
  target: { type: "session", id: "ses_1" },
  tenant: null,
  changes: null,
  context: { requestId: "req_1", clientRequestId: null, ip: "203.0.113.7", userAgent: null },
});

describe("the break-glass notice", () => {
  it("mails every active SUPER_ADMIN once, saying who, when and from where; no deactivated one, no one of another role", async () => {
    expect(await notify(notifyDeps, breakGlass())).toBe("sent");
    for (const to of [emails.owner, emails.admin]) {
      const mails = await noticesTo(to);
      expect(mails, to).toHaveLength(1);
      expect(mails[0]!.body.text).toContain(`${emails.owner}, the owner, signed in to Roster with a password and authenticator on 2026-12-02 09:30 UTC from the IP address 203.0.113.7`);
    }
    expect(await noticesTo(emails.gone)).toEqual([]);
    expect(await noticesTo(emails.viewer)).toEqual([]);
    expect((await mailsTo(emails.viewer)).length).toBeGreaterThan(0);
  });
});
