import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { isDomainError } from "../error";
import { describeError } from "../log";
import { expr, path } from "../store/expression";
import { IndexKeys } from "../store/keys";
import { decodeMembership, recordExpiry as expiryWrite, recordWarning, uncountMembership, type MembershipItem } from "../store/memberships";
import { queryAll } from "../store/read";
import { transact, type GuardedWrite } from "../store/transact";
import { isStorageUnavailable } from "../store/unavailable";

export type ExpiryDeps = Pick<Deps, "db" | "clock" | "settings" | "log">;
export type ExpiryRun = { expired: number; warned: number };
export type ExpiryOptions = {
  /** Copied into the audit events' context (the Lambda passes the schedule event's id). */
  requestId?: string;
  /** Asked before each membership: true ends the run early (a Lambda near its timeout); the rest waits for the next run. */
  shouldStop?: () => boolean;
};

/** A membership as the expiry indexes return it (they project every attribute): one with an expiry. */
type IndexedMembership = MembershipItem & { expiresAt: string };
type StoredEntry = Record<string, unknown>;

const JOB = "expire-memberships";
const DAY_MS = 86_400_000;
const PAGE_SIZE = 100;
/** Attempts at one membership while other transactions hold its items (e.g. another run's). */
const ATTEMPTS = 3;

/** Conditions that lost, told apart from other failures. Never shown to anyone. */
class Skipped extends Error {
  override readonly message = "Already recorded, changed or removed since it was read.";
}
class UserGone extends Error {
  override readonly message = "The membership's user no longer exists.";
}
const skip = () => new Skipped();
const userGone = () => new UserGone();

/**
 * The expiry job, run on a schedule. Access already ended at `expiresAt` (checked on every
 * request); this records it. It reads only what is due, through two sparse indexes ordered by
 * `expiresAt` (never a Scan):
 * - the expiry index: each due membership is marked expired, leaves both indexes, gets a TTL,
 *   comes off its user's counters and tenant set, and gets its MEMBERSHIP_EXPIRED event;
 * - the warning index: each membership expiring within `expiryWarningDays` leaves it and gets its
 *   MEMBERSHIP_EXPIRING event, which the notify consumer mails to the holder.
 * Each of those is one transaction conditioned on the membership as read, so runs that overlap
 * (a slow run and the next schedule, two local timers) record each expiry and warning once.
 * A membership that fails for another reason is logged and passed over, so it cannot hold back the
 * ones behind it; the run then throws at the end (the Lambda's error alarm), after doing the rest.
 */
export async function expireDue(deps: ExpiryDeps, now = deps.clock.now(), options: ExpiryOptions = {}): Promise<ExpiryRun> {
  const context: RequestContext = { requestId: options.requestId ?? newId("run"), clientRequestId: null, ip: null, userAgent: null };
  const job = { deps, now, context, actor: Actor.system(JOB) };
  const read = { items: 0, capacityUnits: 0 };
  const stop = options.shouldStop ?? (() => false);
  const run: ExpiryRun = { expired: 0, warned: 0 };
  let failed = 0;
  let stopped = false;

  const upToNow = IndexKeys.expiryBound(now);
  for await (const entry of due(deps, read, "gsi4", IndexKeys.expiryPartition, { below: upToNow })) {
    if ((stopped = stop())) break;
    const outcome = await settle(deps, entry, () => recordExpiry(job, decodeIndexed(entry)));
    if (outcome === "written") run.expired += 1;
    if (outcome === "failed") failed += 1;
  }
  // Expired memberships left this index with their expiry: only live ones are warned.
  const horizon = IndexKeys.expiryBound(new Date(now.getTime() + deps.settings.expiryWarningDays * DAY_MS));
  if (!stopped) {
    for await (const entry of due(deps, read, "gsi1", IndexKeys.expiryWarningPartition, { above: upToNow, below: horizon })) {
      if ((stopped = stop())) break;
      const outcome = await settle(deps, entry, () => warnHolder(job, decodeIndexed(entry)));
      if (outcome === "written") run.warned += 1;
      if (outcome === "failed") failed += 1;
    }
  }
  deps.log.info("Membership expiry job ran", { ...run, failed, itemsRead: read.items, capacityUnits: read.capacityUnits, stoppedEarly: stopped });
  if (failed > 0) throw new Error(`The expiry job could not process ${failed} membership(s); see the errors logged before.`);
  return run;
}

type Job = { deps: ExpiryDeps; now: Date; context: RequestContext; actor: ReturnType<typeof Actor.system> };

/**
 * The entries of one expiry index partition between two sort-key bounds, page by page, as stored:
 * each is decoded as it is processed, so one malformed entry fails alone, not its whole page.
 */
function due(deps: ExpiryDeps, read: { items: number; capacityUnits: number }, index: "gsi1" | "gsi4", partition: string, range: { above?: string; below: string }): AsyncGenerator<StoredEntry> {
  const pk = path(`${index}pk`);
  const sk = path(`${index}sk`);
  const key = range.above ? expr`${pk} = ${partition} AND ${sk} BETWEEN ${range.above} AND ${range.below}` : expr`${pk} = ${partition} AND ${sk} < ${range.below}`;
  // Logged per run: what the job reads is what it costs, and it should follow what is due.
  return queryAll(deps.db, { index, key, limit: PAGE_SIZE, countCapacity: true }, (entry) => entry, read);
}

/** Only memberships with an expiry are in the expiry indexes. */
function decodeIndexed(item: Record<string, unknown>): IndexedMembership {
  const membership = decodeMembership(item);
  const { expiresAt } = membership;
  if (expiresAt === null) throw new Error("An expiry index entry without an expiry.");
  return { ...membership, expiresAt };
}

/**
 * Runs one membership's transaction. "skipped" when its condition lost: done by an overlapping run,
 * or changed or revoked since the index was read (an index read is eventually consistent, so it
 * may show what a transaction just removed). A transaction that keeps colliding with others is
 * left for the next run. Storage being away ends the run; anything else fails this membership only.
 */
async function settle(deps: ExpiryDeps, entry: StoredEntry, attempt: () => Promise<void>): Promise<"written" | "skipped" | "failed"> {
  // By its keys: a malformed item may lack the copies of tenant and user.
  const membership = { pk: entry.pk, sk: entry.sk };
  for (let n = 1; ; n++) {
    try {
      await attempt();
      return "written";
    } catch (error) {
      if (error instanceof Skipped) return "skipped";
      if (isStorageUnavailable(error)) throw error;
      if (!isDomainError(error, "request.conflict")) {
        deps.log.error("The expiry job could not process a membership", { membership, ...describeError(error) });
        return "failed";
      }
      if (n >= ATTEMPTS) {
        deps.log.warn("A membership stayed busy; the next expiry run retries it", { membership });
        return "skipped";
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * n + Math.random() * 30));
    }
  }
}

const target = (item: MembershipItem) => ({ type: "membership" as const, id: `${item.tenant.slug}/${item.user.id}`, email: item.user.email });
const expiryChange = (item: MembershipItem) => ({ expiresAt: { before: item.expiresAt, after: item.expiresAt } });

async function recordExpiry({ deps, now, context, actor }: Job, item: IndexedMembership): Promise<void> {
  const slug = item.tenant.slug;
  const writes = (withUser: boolean): GuardedWrite[] => [
    expiryWrite(deps.db, item, now, skip),
    // As a revoke does: once no live membership of a kind is left, a role change may drop that kind.
    ...(withUser ? [uncountMembership(deps.db, item.user.id, slug, item.role, userGone)] : []),
    Audit.write(deps, { type: "MEMBERSHIP_EXPIRED", actor, target: target(item), tenant: slug, changes: expiryChange(item), context }),
  ];
  try {
    await transact(deps.db, writes(true));
  } catch (error) {
    // The user was removed (their memberships normally go with them): record the expiry alone.
    if (!(error instanceof UserGone)) throw error;
    await transact(deps.db, writes(false));
  }
}

async function warnHolder({ deps, now, context, actor }: Job, item: IndexedMembership): Promise<void> {
  const slug = item.tenant.slug;
  await transact(deps.db, [
    recordWarning(deps.db, item, now, skip),
    Audit.write(deps, { type: "MEMBERSHIP_EXPIRING", actor, target: target(item), tenant: slug, changes: expiryChange(item), context }),
  ]);
}
