import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { testDeps, type TestDeps } from "../../../../test/fixtures/deps";
import { auditEvents, commandRecorder, mailsTo } from "../../../../test/fixtures/observe";
import { FIXTURE_CONTEXT, people } from "../../../../test/fixtures/people";
import * as Auth from "../auth";
import * as Tenant from "../tenant";
import * as User from "../user";
import { grant as grantMembership } from "./grant";
import { revoke } from "./revoke";
import { epochSeconds } from "../clock";
import { IndexKeys, Keys } from "../store/keys";
import { silentLogger, type Logger } from "../log";
import { notifyPerson } from "../notify";
import { expireDue } from "./expire-due";
import type { MembershipItem, TenantRole } from "./membership";

const DAY = 86_400_000;
const OWNER = "owner@expiry.example";

let deps: TestDeps;
let table: string;
let fixtures: ReturnType<typeof people>;
let recordCommands: ReturnType<typeof commandRecorder>;
let ownerSecret: string;
let admin: string;

beforeAll(async () => {
  ({ deps, table } = await testDeps());
  fixtures = people(deps);
  recordCommands = commandRecorder(deps);
  const owner = await fixtures.owner(OWNER);
  ownerSecret = owner.secret;
  admin = owner.accessToken;
  for (const slug of ["acme", "globex", "initech", "umbrella"]) await Tenant.create(deps, await as(admin), { slug, name: slug.toUpperCase() }, FIXTURE_CONTEXT);
});

/** The caller a token stands for; with `tenant`, as a tenant route sees them (their membership read along). */
const as = (token: string, tenant?: string) => Auth.authenticate(deps, token, { tenant });

/** Moves the clock (forward only) and signs the owner in again: access tokens live 15 minutes. */
async function moveClockTo(instant: number | string) {
  const next = typeof instant === "string" ? Date.parse(instant) : instant;
  expect(next).toBeGreaterThanOrEqual(deps.clock.now().getTime());
  deps.clock.set(new Date(next));
  admin = (await fixtures.signIn(OWNER, ownerSecret)).accessToken;
}

async function invite(role: "CONTRACTOR" | "OPERATOR" = "CONTRACTOR") {
  const email = `${role.toLowerCase()}-${randomUUID()}@expiry.example`;
  const { user } = await User.invite(deps, await as(admin), { email, role }, FIXTURE_CONTEXT);
  return { id: user.id, email };
}

/** Grants (or changes) a membership as the owner: "created" or "changed". */
async function grant(slug: string, userId: string, expiresAt: string | null, role: TenantRole = "OPERATOR_FULL") {
  const { created } = await grantMembership(deps, await as(admin, slug), slug, userId, { role, expiresAt }, FIXTURE_CONTEXT);
  return created ? "created" : "changed";
}

/** The code a verb refused with. */
const refusal = (attempt: Promise<unknown>) => attempt.then(() => "accepted", (error: { code?: string }) => error.code ?? String(error));

const inMs = (ms: number) => new Date(deps.clock.now().getTime() + ms).toISOString();

async function getItem(key: { pk: string; sk: string }) {
  const { Item } = await deps.db.doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return Item;
}

const membershipOf = async (slug: string, userId: string) => (await getItem(Keys.membership(slug, userId))) as (MembershipItem & Record<string, unknown>) | undefined;

/** The sort keys of one membership's entries in an expiry index partition. */
async function indexEntries(index: "gsi1" | "gsi4", partition: string, slug: string, userId: string): Promise<string[]> {
  const { Items } = await deps.db.doc.send(
    new QueryCommand({
      TableName: table,
      IndexName: index,
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": `${index}pk` },
      ExpressionAttributeValues: { ":pk": partition },
    }),
  );
  return (Items ?? []).map((item) => item[`${index}sk`] as string).filter((sk) => sk.endsWith(`#${slug}#${userId}`));
}

async function eventsFor(type: string, slug: string, userId: string) {
  return (await auditEvents(deps)).filter((event) => event.type === type && event.target.id === `${slug}/${userId}`);
}

/** Runs `expireDue` `times` times at once, `rounds` times over: overlapping runs, as two schedules or a slow run cause. */
async function overlappingRuns(times = 3, rounds = 2) {
  const totals = { expired: 0, warned: 0 };
  for (let round = 0; round < rounds; round++) {
    for (const run of await Promise.all(Array.from({ length: times }, () => expireDue(deps)))) {
      totals.expired += run.expired;
      totals.warned += run.warned;
    }
  }
  return totals;
}

/** Runs `expireDue` right before the next transaction the table receives: the job wins a race with it. */
function runJobBeforeNextTransaction(): () => boolean {
  let armed = true;
  const name = `expiry-race-${randomUUID()}`;
  deps.db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (armed && context.commandName === "TransactWriteItemsCommand") {
        armed = false;
        await expireDue(deps);
      }
      return next(args);
    },
    { step: "initialize", name },
  );
  return () => {
    deps.db.doc.middlewareStack.remove(name);
    return !armed;
  };
}

describe("Membership.expireDue: expiry", () => {
  it("access ends at the millisecond of expiresAt before any job ran; the job then records it once", async () => {
    const contractor = await fixtures.member(admin, `c-${randomUUID()}@expiry.example`, "CONTRACTOR");
    const userId = contractor.user.id;
    const expiresAt = inMs(600_000);
    expect(await grant("acme", userId, expiresAt)).toBe("created");
    expect(await indexEntries("gsi4", "EXPIRY", "acme", userId)).toEqual([`${expiresAt}#acme#${userId}`]);

    deps.clock.set(new Date(Date.parse(expiresAt) - 1));
    expect(await Tenant.portal(deps, await as(contractor.accessToken, "acme"), "acme")).toMatchObject({ tenant: { slug: "acme" } });
    expect((await expireDue(deps)).expired).toBe(0);

    // The instant itself: refused, though no job has recorded anything yet.
    await moveClockTo(expiresAt);
    expect(await refusal(Tenant.portal(deps, await as(contractor.accessToken, "acme"), "acme"))).toBe("tenant.not_found");
    expect((await User.me(deps, await as(contractor.accessToken))).memberships).toEqual([]);
    expect((await membershipOf("acme", userId))?.expiredAt).toBeUndefined();
    expect(await indexEntries("gsi4", "EXPIRY", "acme", userId)).toHaveLength(1);
    // The counters still hold the membership until the job records the expiry.
    expect(await refusal(User.changeRole(deps, await as(admin), userId, "CLIENT_USER", FIXTURE_CONTEXT))).toBe("membership.role_mismatch");

    expect((await expireDue(deps)).expired).toBe(1);
    const events = await eventsFor("MEMBERSHIP_EXPIRED", "acme", userId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { type: "system", id: "system:expire-memberships", name: "expire-memberships" },
      target: { type: "membership", id: `acme/${userId}`, email: contractor.email },
      tenant: "acme",
      changes: { expiresAt: { before: expiresAt, after: expiresAt } },
      context: { ip: null, userAgent: null },
      occurredAt: expiresAt,
    });

    const item = await membershipOf("acme", userId);
    expect(item?.expiredAt).toBe(expiresAt);
    expect(item?.ttl).toBe(epochSeconds(new Date(Date.parse(expiresAt) + 30 * DAY)));
    for (const attribute of ["gsi4pk", "gsi4sk", "gsi1pk", "gsi1sk"]) expect(item).not.toHaveProperty(attribute);
    expect(await indexEntries("gsi4", "EXPIRY", "acme", userId)).toEqual([]);
    const user = await getItem(Keys.user(userId));
    expect(user?.operatorMemberships).toBe(0);
    expect(user?.memberTenants).toBeUndefined();

    expect((await expireDue(deps)).expired).toBe(0);
    expect(await eventsFor("MEMBERSHIP_EXPIRED", "acme", userId)).toHaveLength(1);
    expect(await refusal(Tenant.portal(deps, await as(contractor.accessToken, "acme"), "acme"))).toBe("tenant.not_found");
    expect((await User.changeRole(deps, await as(admin), userId, "CLIENT_USER", FIXTURE_CONTEXT)).role).toBe("CLIENT_USER");
  });

  // Repeated rounds of three concurrent runs: slow when the machine is busy with other test files.
  it("overlapping runs record each expiry exactly once and keep the counters exact", { timeout: 60_000 }, async () => {
    const users = [await invite("CONTRACTOR"), await invite("OPERATOR"), await invite("CONTRACTOR")];
    const slugs = ["acme", "globex", "initech"];
    const expected: { slug: string; userId: string }[] = [];
    for (let round = 0; round < 3; round++) {
      const at = inMs(60_000);
      // Each user holds a membership of every tenant, all ending at one instant: the runs also collide on the user items.
      for (const user of users) {
        for (const slug of slugs) {
          const res = await grant(slug, user.id, at, round % 2 ? "OPERATOR_READONLY" : "OPERATOR_FULL");
          expect(res).toBe("created");
          expected.push({ slug, userId: user.id });
        }
      }
      for (const user of users) expect((await getItem(Keys.user(user.id)))?.operatorMemberships).toBe(3);
      await moveClockTo(at);
      let expired = 0;
      const commands = await recordCommands(async () => void ({ expired } = await overlappingRuns(3, 2)));
      expect(expired).toBe(9);
      // The runs did collide: the transactions that lost their condition were refused, not applied twice.
      expect(commands.filter((c) => c.command === "TransactWriteItemsCommand" && c.failed).length).toBeGreaterThan(0);
      expect(commands.filter((c) => c.command === "ScanCommand")).toEqual([]);
      for (const user of users) {
        const item = await getItem(Keys.user(user.id));
        expect(item?.operatorMemberships).toBe(0);
        expect(item?.memberTenants).toBeUndefined();
      }
    }
    for (const { slug, userId } of expected.slice(0, 9)) expect(await eventsFor("MEMBERSHIP_EXPIRED", slug, userId)).toHaveLength(3);
    const all = (await auditEvents(deps)).filter((event) => event.type === "MEMBERSHIP_EXPIRED" && users.some((u) => event.target.id.endsWith(`/${u.id}`)));
    expect(all).toHaveLength(expected.length);
  });

  it("records the expiry of a membership whose user is gone, without recreating the user", async () => {
    const userId = `usr_gone${Date.now().toString(36)}`;
    const expiresAt = inMs(1_000);
    const item: MembershipItem = {
      ...Keys.membership("umbrella", userId),
      entity: "Membership",
      tenant: { slug: "umbrella", name: "UMBRELLA" },
      tenantCreatedAt: deps.clock.now().toISOString(),
      user: { id: userId, email: "gone@expiry.example", displayName: null },
      role: "OPERATOR_READONLY",
      expiresAt,
      grantedBy: { id: "usr_admin", email: OWNER },
      grantedAt: deps.clock.now().toISOString(),
    };
    await deps.db.doc.send(new PutCommand({ TableName: table, Item: { ...item, ...IndexKeys.membership("umbrella", userId, expiresAt) } }));
    await moveClockTo(expiresAt);
    expect((await overlappingRuns(3, 1)).expired).toBe(1);
    expect(await eventsFor("MEMBERSHIP_EXPIRED", "umbrella", userId)).toHaveLength(1);
    expect((await membershipOf("umbrella", userId))?.expiredAt).toBe(expiresAt);
    expect(await getItem(Keys.user(userId))).toBeUndefined();
  });

  it("a membership it cannot process does not hold back the ones behind it; the run then fails", async () => {
    // A malformed entry, earliest in the index: without its user it cannot be recorded.
    const broken = { ...Keys.membership("umbrella", "usr_broken"), entity: "Membership", expiresAt: inMs(1), ...IndexKeys.membership("umbrella", "usr_broken", inMs(1)) };
    await deps.db.doc.send(new PutCommand({ TableName: table, Item: broken }));
    try {
      const user = await invite("OPERATOR");
      const expiresAt = inMs(60_000);
      expect(await grant("umbrella", user.id, expiresAt)).toBe("created");
      await moveClockTo(expiresAt);

      const errors: unknown[] = [];
      const log: Logger = { ...silentLogger, error: (message, fields) => errors.push({ message, fields }) };
      await expect(expireDue({ ...deps, log })).rejects.toThrow(/could not process 1 membership/);
      expect(errors).toEqual([{ message: "The expiry job could not process a membership", fields: expect.objectContaining({ membership: Keys.membership("umbrella", "usr_broken"), errorName: "CorruptItemError" }) }]);
      expect(await eventsFor("MEMBERSHIP_EXPIRED", "umbrella", user.id)).toHaveLength(1);
    } finally {
      await deps.db.doc.send(new DeleteCommand({ TableName: table, Key: Keys.membership("umbrella", "usr_broken") }));
    }
  });

  it("a revoke that read the membership before the job recorded its expiry does not count it out twice", async () => {
    const user = await invite("CONTRACTOR");
    const expiresAt = inMs(60_000);
    expect(await grant("globex", user.id, expiresAt)).toBe("created");
    await moveClockTo(expiresAt);

    const raced = runJobBeforeNextTransaction();
    const lost = await refusal(revoke(deps, await as(admin, "globex"), "globex", user.id, FIXTURE_CONTEXT));
    expect(raced()).toBe(true);
    expect(lost).toBe("request.conflict");
    expect((await getItem(Keys.user(user.id)))?.operatorMemberships).toBe(0);

    await revoke(deps, await as(admin, "globex"), "globex", user.id, FIXTURE_CONTEXT);
    expect((await getItem(Keys.user(user.id)))?.operatorMemberships).toBe(0);
    expect(await eventsFor("MEMBERSHIP_EXPIRED", "globex", user.id)).toHaveLength(1);
  });

  it("a re-grant that read the membership before the job recorded its expiry counts it in again", async () => {
    const user = await invite("CONTRACTOR");
    const expiresAt = inMs(60_000);
    expect(await grant("initech", user.id, expiresAt)).toBe("created");
    await moveClockTo(expiresAt);

    const later = inMs(10 * DAY);
    const raced = runJobBeforeNextTransaction();
    const lost = await refusal(grant("initech", user.id, later));
    expect(raced()).toBe(true);
    expect(lost).toBe("request.conflict");

    expect(await grant("initech", user.id, later)).toBe("created");
    const item = await getItem(Keys.user(user.id));
    expect(item?.operatorMemberships).toBe(1);
    expect([...(item?.memberTenants as Set<string>)]).toEqual(["initech"]);
    expect(await indexEntries("gsi4", "EXPIRY", "initech", user.id)).toEqual([`${later}#initech#${user.id}`]);
  });
});

describe("Membership.expireDue: the warning", () => {
  const warnDays = () => deps.settings.expiryWarningDays;

  it("warns once, ROSTER_EXPIRY_WARNING_DAYS before, and notify mails the holder once", async () => {
    const user = await invite("CONTRACTOR");
    const expiresAt = inMs(10 * DAY);
    expect(await grant("umbrella", user.id, expiresAt)).toBe("created");
    expect(await indexEntries("gsi1", "EXPIRY_WARNING", "umbrella", user.id)).toEqual([`${expiresAt}#umbrella#${user.id}`]);

    await moveClockTo(Date.parse(expiresAt) - warnDays() * DAY - 1);
    await overlappingRuns(3, 1);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "umbrella", user.id)).toEqual([]);

    await moveClockTo(Date.parse(expiresAt) - warnDays() * DAY);
    await overlappingRuns(3, 2);
    const warnings = await eventsFor("MEMBERSHIP_EXPIRING", "umbrella", user.id);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({
      actor: { type: "system", id: "system:expire-memberships", name: "expire-memberships" },
      target: { type: "membership", id: `umbrella/${user.id}`, email: user.email },
      tenant: "umbrella",
      changes: { expiresAt: { before: expiresAt, after: expiresAt } },
    });
    const item = await membershipOf("umbrella", user.id);
    expect(item?.warnedAt).toBe(deps.clock.now().toISOString());
    expect(item).not.toHaveProperty("gsi1pk");
    expect(await indexEntries("gsi4", "EXPIRY", "umbrella", user.id)).toHaveLength(1);

    // The fan-out: notify mails the holder for each event it receives; there is one.
    const notifyDeps = { mailer: deps.mailer, log: silentLogger, settings: deps.settings };
    for (const event of warnings) expect(await notifyPerson(notifyDeps, event)).toBe("sent");
    // (The invitation mail went to the same address before.)
    const mails = (await mailsTo(user.email)).filter((mail) => /expires soon/.test(mail.subject));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("Your Roster access to umbrella expires soon");
    expect(mails[0]!.body.text).toContain(`Your access to the tenant umbrella ends at ${expiresAt.replace("T", " ").slice(0, 16)} UTC.`);

    // A role change keeps the expiry, so it does not warn again.
    expect(await grant("umbrella", user.id, expiresAt, "OPERATOR_READONLY")).toBe("changed");
    expect((await membershipOf("umbrella", user.id))?.warnedAt).toBe(item?.warnedAt);
    await overlappingRuns(3, 1);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "umbrella", user.id)).toHaveLength(1);

    // The expiry itself is recorded once, with no second warning.
    await moveClockTo(expiresAt);
    const runs = await overlappingRuns(3, 2);
    expect(runs.expired).toBeGreaterThanOrEqual(1);
    expect(await eventsFor("MEMBERSHIP_EXPIRED", "umbrella", user.id)).toHaveLength(1);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "umbrella", user.id)).toHaveLength(1);
  });

  it("warns of an extended expiry again, once, when that one comes near", async () => {
    const user = await invite("OPERATOR");
    const first = inMs(2 * DAY);
    expect(await grant("acme", user.id, first)).toBe("created");
    await overlappingRuns(3, 1);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "acme", user.id)).toHaveLength(1);

    const extended = inMs(20 * DAY);
    expect(await grant("acme", user.id, extended)).toBe("changed");
    expect(await indexEntries("gsi1", "EXPIRY_WARNING", "acme", user.id)).toEqual([`${extended}#acme#${user.id}`]);
    await moveClockTo(Date.parse(first) + 1);
    await overlappingRuns(3, 1);
    // The first expiry no longer happens: neither recorded nor warned again.
    expect(await eventsFor("MEMBERSHIP_EXPIRED", "acme", user.id)).toEqual([]);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "acme", user.id)).toHaveLength(1);

    await moveClockTo(Date.parse(extended) - DAY);
    await overlappingRuns(3, 2);
    const warnings = await eventsFor("MEMBERSHIP_EXPIRING", "acme", user.id);
    expect(warnings.map((event) => event.changes.expiresAt.after)).toEqual([first, extended]);
  });

  it("a membership granted inside the window is warned on the next run; one that expired unwarned is not warned late", async () => {
    const soon = await invite("CONTRACTOR");
    const soonAt = inMs(DAY);
    expect(await grant("globex", soon.id, soonAt)).toBe("created");
    const brief = await invite("CONTRACTOR");
    const briefAt = inMs(60_000);
    expect(await grant("initech", brief.id, briefAt)).toBe("created");

    // The job did not run before `brief` ended (it was down, or the grant came minutes before the end).
    await moveClockTo(briefAt);
    await overlappingRuns(3, 1);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "globex", soon.id)).toHaveLength(1);
    expect(await eventsFor("MEMBERSHIP_EXPIRED", "initech", brief.id)).toHaveLength(1);
    expect(await eventsFor("MEMBERSHIP_EXPIRING", "initech", brief.id)).toEqual([]);
    expect(await indexEntries("gsi1", "EXPIRY_WARNING", "initech", brief.id)).toEqual([]);
  });
});
