import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { epochSeconds } from "../clock";
import { newId } from "../crypto/random";
import { IndexKeys, Keys } from "../db/keys";
import { transact, Write, type GuardedWrite } from "../db/transact";
import { isStorageUnavailable } from "../db/unavailable";
import type { Deps } from "../deps";
import { DomainError, isDomainError } from "../error";
import { describeError } from "../log";
import { kindOf, type MembershipItem } from "./membership";

export type ExpiryDeps = Pick<Deps, "db" | "clock" | "settings" | "log">;
export type ExpiryRun = { expired: number; warned: number };
export type ExpiryOptions = {
  /** Copied into the audit events' context (the Lambda passes the schedule event's id). */
  requestId?: string;
  /** Asked before each membership: true ends the run early (a Lambda near its timeout); the rest waits for the next run. */
  shouldStop?: () => boolean;
};

/** A membership as the expiry indexes return it (they project every attribute). */
type IndexedMembership = MembershipItem & { expiresAt: string; gsi1sk?: string };

const JOB = "expire-memberships";
const DAY_MS = 86_400_000;
/** TTL removes a recorded membership this long after its expiry: cleanup only, nothing waits for it. */
const KEEP_EXPIRED_DAYS = 30;
const PAGE_SIZE = 100;
/** Attempts at one membership while other transactions hold its items (e.g. another run's). */
const ATTEMPTS = 3;

// Conditions that lost, told apart from other failures. Never shown to anyone.
const SKIP = "membership.expiry_skipped";
const USER_GONE = "membership.expiry_user_gone";
const skip = () => new DomainError(SKIP, "Already recorded, changed or removed since it was read.");
const userGone = () => new DomainError(USER_GONE, "The membership's user no longer exists.");

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
  for await (const item of due(deps, read, "gsi4", IndexKeys.expiryPartition, { below: upToNow })) {
    if ((stopped = stop())) break;
    const outcome = await settle(deps, item, () => recordExpiry(job, item));
    if (outcome === "written") run.expired += 1;
    if (outcome === "failed") failed += 1;
  }
  // Expired memberships left this index with their expiry: only live ones are warned.
  const horizon = IndexKeys.expiryBound(new Date(now.getTime() + deps.settings.expiryWarningDays * DAY_MS));
  if (!stopped) {
    for await (const item of due(deps, read, "gsi1", IndexKeys.expiryWarningPartition, { above: upToNow, below: horizon })) {
      if ((stopped = stop())) break;
      const outcome = await settle(deps, item, () => warnHolder(job, item));
      if (outcome === "written") run.warned += 1;
      if (outcome === "failed") failed += 1;
    }
  }
  deps.log.info("Membership expiry job ran", { ...run, failed, itemsRead: read.items, capacityUnits: read.capacityUnits, stoppedEarly: stopped });
  if (failed > 0) throw new Error(`The expiry job could not process ${failed} membership(s); see the errors logged before.`);
  return run;
}

type Job = { deps: ExpiryDeps; now: Date; context: RequestContext; actor: ReturnType<typeof Actor.system> };

/** The entries of one expiry index partition between two sort-key bounds, page by page. */
async function* due(
  deps: ExpiryDeps,
  read: { items: number; capacityUnits: number },
  index: "gsi1" | "gsi4",
  partition: string,
  range: { above?: string; below: string },
): AsyncGenerator<IndexedMembership> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.doc.send(
      new QueryCommand({
        TableName: deps.db.table,
        IndexName: index,
        KeyConditionExpression: range.above ? "#pk = :pk AND #sk BETWEEN :above AND :below" : "#pk = :pk AND #sk < :below",
        ExpressionAttributeNames: { "#pk": `${index}pk`, "#sk": `${index}sk` },
        ExpressionAttributeValues: { ":pk": partition, ":below": range.below, ...(range.above ? { ":above": range.above } : {}) },
        Limit: PAGE_SIZE,
        ExclusiveStartKey: startKey,
        // Logged per run: what the job reads is what it costs, and it should follow what is due.
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    read.items += page.Items?.length ?? 0;
    read.capacityUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const item of (page.Items ?? []) as IndexedMembership[]) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/**
 * Runs one membership's transaction. "skipped" when its condition lost: done by an overlapping run,
 * or changed or revoked since the index was read (an index read is eventually consistent, so it
 * may show what a transaction just removed). A transaction that keeps colliding with others is
 * left for the next run. Storage being away ends the run; anything else fails this membership only.
 */
async function settle(deps: ExpiryDeps, item: MembershipItem, attempt: () => Promise<void>): Promise<"written" | "skipped" | "failed"> {
  // By its keys: a malformed item may lack the copies of tenant and user.
  const membership = { pk: item.pk, sk: item.sk };
  for (let n = 1; ; n++) {
    try {
      await attempt();
      return "written";
    } catch (error) {
      if (isDomainError(error, SKIP)) return "skipped";
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
    {
      write: Write.update(deps.db, { pk: item.pk, sk: item.sk }, {
        UpdateExpression: "SET expiredAt = :now, #ttl = :ttl REMOVE gsi4pk, gsi4sk, gsi1pk, gsi1sk",
        // Still this expiry, still due, not yet recorded: whoever comes second finds expiredAt set.
        ConditionExpression: "expiresAt = :expiresAt AND expiresAt <= :now AND attribute_not_exists(expiredAt)",
        ExpressionAttributeNames: { "#ttl": "ttl" },
        ExpressionAttributeValues: {
          ":now": now.toISOString(),
          ":expiresAt": item.expiresAt,
          ":ttl": epochSeconds(new Date(Date.parse(item.expiresAt) + KEEP_EXPIRED_DAYS * DAY_MS)),
        },
      }),
      onConflict: skip,
    },
    ...(withUser
      ? [
          {
            // As a revoke does: once no live membership of a kind is left, a role change may drop that kind.
            write: Write.update(deps.db, Keys.user(item.user.id), {
              UpdateExpression: `ADD ${kindOf(item.role) === "client" ? "clientMemberships" : "operatorMemberships"} :minus DELETE memberTenants :slug`,
              // Without it, ADD would create a stub of a removed user.
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":minus": -1, ":slug": new Set([slug]) },
            }),
            onConflict: userGone,
          },
        ]
      : []),
    Audit.write(deps, { type: "MEMBERSHIP_EXPIRED", actor, target: target(item), tenant: slug, changes: expiryChange(item), context }),
  ];
  try {
    await transact(deps.db, writes(true));
  } catch (error) {
    // The user was removed (their memberships normally go with them): record the expiry alone.
    if (!isDomainError(error, USER_GONE)) throw error;
    await transact(deps.db, writes(false));
  }
}

async function warnHolder({ deps, now, context, actor }: Job, item: IndexedMembership): Promise<void> {
  const slug = item.tenant.slug;
  await transact(deps.db, [
    {
      write: Write.update(deps.db, { pk: item.pk, sk: item.sk }, {
        UpdateExpression: "SET warnedAt = :now REMOVE gsi1pk, gsi1sk",
        // Still waiting for this very warning: a second run, or a changed expiry, finds another entry or none.
        ConditionExpression: "gsi1sk = :entry AND expiresAt = :expiresAt AND attribute_not_exists(expiredAt)",
        ExpressionAttributeValues: { ":now": now.toISOString(), ":entry": item.gsi1sk, ":expiresAt": item.expiresAt },
      }),
      onConflict: skip,
    },
    Audit.write(deps, { type: "MEMBERSHIP_EXPIRING", actor, target: target(item), tenant: slug, changes: expiryChange(item), context }),
  ]);
}
