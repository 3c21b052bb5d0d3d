import { Keys } from "../db/keys";
import { Write, type TransactItem } from "../db/transact";
import type { Db } from "../db/client";

/**
 * Failed sign-ins are counted per account and per IP. Past a free allowance each further failure
 * doubles the wait (1 s, 2 s, 4 s … up to 15 min) measured from the last failure; a quiet hour
 * forgets the count. The wait is derived from the atomic counter, so concurrent failures cannot
 * undercount it.
 */
export type ThrottleKind = "EMAIL" | "IP";
export type ThrottleItem = {
  pk: string;
  sk: string;
  /** Every failure ever counted on this item; only ever incremented, so concurrent failures all count. */
  failures: number;
  /** The count at the start of the current window: failures - baseline is what the wait is derived from. */
  baseline?: number;
  lastFailureAt: string;
  ttl: number;
};

const RULES: Record<ThrottleKind, { freeFailures: number }> = {
  EMAIL: { freeFailures: 5 },
  IP: { freeFailures: 20 },
};
const MAX_DELAY_SECONDS = 15 * 60;
const FORGET_AFTER_SECONDS = 3600;

const isStale = (item: ThrottleItem, now: Date) => now.getTime() - Date.parse(item.lastFailureAt) >= FORGET_AFTER_SECONDS * 1000;

/** Seconds until another attempt is allowed, 0 when it is allowed now. */
export function retryAfterSeconds(kind: ThrottleKind, item: ThrottleItem | undefined, now: Date): number {
  if (!item || isStale(item, now)) return 0;
  const over = item.failures - (item.baseline ?? 0) - RULES[kind].freeFailures;
  if (over < 0) return 0;
  const delay = Math.min(2 ** over, MAX_DELAY_SECONDS);
  const remainingMs = Date.parse(item.lastFailureAt) + delay * 1000 - now.getTime();
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}

/**
 * Counts one failure. The count only grows (ADD), so parallel failures are never lost; a stale
 * counter starts a new window by moving its baseline to the count it was read with, which every
 * parallel request of that burst reads alike.
 */
export function recordFailure(db: Db, kind: ThrottleKind, value: string, item: ThrottleItem | undefined, now: Date): TransactItem {
  const restart = item !== undefined && isStale(item, now);
  return Write.update(db, Keys.throttle(kind, value), {
    UpdateExpression: `ADD failures :one SET ${restart ? "baseline = :baseline, " : ""}lastFailureAt = :now, #ttl = :ttl, entity = :entity`,
    ExpressionAttributeNames: { "#ttl": "ttl" },
    ExpressionAttributeValues: {
      ":one": 1,
      ...(restart ? { ":baseline": item.failures } : {}),
      ":now": now.toISOString(),
      ":ttl": Math.floor(now.getTime() / 1000) + FORGET_AFTER_SECONDS + MAX_DELAY_SECONDS,
      ":entity": "Throttle",
    },
  });
}

/** A successful sign-in clears the account's counter (not the IP's: one good password does not vouch for a host). */
export const clearFailures = (db: Db, kind: ThrottleKind, value: string): TransactItem => Write.delete(db, Keys.throttle(kind, value));
