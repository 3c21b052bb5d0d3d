import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { epochSeconds } from "../clock";
import type { Db } from "../db/client";
import { Keys } from "../db/keys";
import { Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import { describeError } from "../log";

/**
 * Password guesses are counted before they are checked. Each account (EMAIL) and each address (IP)
 * has a fixed number of slots per window; an attempt takes a slot with one atomic conditional
 * update before any password is hashed, and is refused (429) when the window is full. So however
 * many requests arrive at once, no more than the limit are ever evaluated. A right password gives
 * its slots back (the account's window is cleared, the address's slot returned); a wrong one keeps
 * it: it was the failure being counted.
 *
 * Windows are fixed and aligned to the clock, each an item of its own, so a new window never needs
 * a reset: taking a slot is one write that needs no read before it.
 */
export type ThrottleKind = "EMAIL" | "IP";
export type ThrottleKey = { kind: ThrottleKind; value: string };
/** A slot taken: which key, in which window (a later give-back must name the same window). */
export type ThrottleSlot = ThrottleKey & { windowStart: string };

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_LIMITS: Record<ThrottleKind, number> = { EMAIL: 5, IP: 20 };

export type ThrottleWindowItem = {
  pk: string;
  sk: string;
  entity: "ThrottleWindow";
  kind: ThrottleKind;
  value: string;
  /** Slots taken in this window: attempts evaluated or being evaluated, less those given back. */
  taken: number;
  /** Attempts refused because the window was full. */
  refused?: number;
  windowEnd: string;
  ttl: number;
};

export type ThrottleWindow = { start: string; end: string };

export function windowAt(now: Date): ThrottleWindow {
  const start = Math.floor(now.getTime() / THROTTLE_WINDOW_MS) * THROTTLE_WINDOW_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + THROTTLE_WINDOW_MS).toISOString() };
}

/** Seconds until the window that `now` falls in ends, at least 1. */
export const secondsLeft = (window: ThrottleWindow, now: Date) => Math.max(1, Math.ceil((Date.parse(window.end) - now.getTime()) / 1000));

// Kept a day past the window: long enough for the scheduled job to read its refusals.
const KEEP_AFTER_WINDOW_SECONDS = 24 * 3600;

/** The conditional update that takes one slot of a key's current window. */
export function takeSlotWrite(db: Db, key: ThrottleKey, window: ThrottleWindow): GuardedWrite {
  return {
    write: Write.update(db, Keys.throttle(key.kind, key.value, window.start), {
      UpdateExpression: "ADD taken :one SET entity = :entity, kind = :kind, #value = :value, windowEnd = :end, #ttl = :ttl",
      ConditionExpression: "attribute_not_exists(taken) OR taken < :limit",
      ExpressionAttributeNames: { "#value": "value", "#ttl": "ttl" },
      ExpressionAttributeValues: {
        ":one": 1,
        ":limit": THROTTLE_LIMITS[key.kind],
        ":entity": "ThrottleWindow",
        ":kind": key.kind,
        ":value": key.value.toLowerCase(),
        ":end": window.end,
        ":ttl": epochSeconds(new Date(window.end)) + KEEP_AFTER_WINDOW_SECONDS,
      },
    }),
  };
}

/**
 * Takes a slot of every key in one transaction (one round trip): all of them or none. A full
 * window is `auth.throttled` with the seconds until it ends; the refusal is counted on the window
 * (second round trip) for the scheduled job's LOGIN_THROTTLED record, so a flood of refused
 * attempts writes nothing to the audit trail itself.
 */
export async function takeSlots(deps: Pick<Deps, "db" | "clock" | "log">, keys: ThrottleKey[]): Promise<ThrottleSlot[]> {
  const now = deps.clock.now();
  const window = windowAt(now);
  try {
    await deps.db.doc.send(new TransactWriteCommand({ TransactItems: keys.map((key) => takeSlotWrite(deps.db, key, window).write) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    // The account's window first: when both are full, the refusal is counted once, on the account.
    const full = keys.find((_, i) => reasons[i]?.Code === "ConditionalCheckFailed");
    if (full) await countRefusal(deps, full, window);
    // Without a full window, another transaction was taking the same slot at that instant: the
    // attempt is not evaluated either, and may try again at once.
    throw AuthError.throttled(full ? secondsLeft(window, now) : 1);
  }
  return keys.map((key) => ({ ...key, windowStart: window.start }));
}

/**
 * Counts one refused attempt on the window. The first refusal of a window also files it for the
 * scheduled job (`Throttle.reportRefusals`), which records one LOGIN_THROTTLED per window and key
 * once the window is over, with the count. Best effort: the attempt is refused either way, and a
 * count lost to an outage only makes the record smaller.
 */
async function countRefusal(deps: Pick<Deps, "db" | "log">, key: ThrottleKey, window: ThrottleWindow) {
  try {
    const { Attributes } = await deps.db.doc.send(
      new UpdateCommand({
        TableName: deps.db.table,
        Key: Keys.throttle(key.kind, key.value, window.start),
        UpdateExpression: "ADD refused :one",
        // A full window exists; the condition only keeps a stray write from creating a partial one.
        ConditionExpression: "attribute_exists(taken)",
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    // Exactly one refusal sees the count become 1: that one files the window.
    if (Attributes?.refused !== 1) return;
    await deps.db.doc.send(
      new PutCommand({
        TableName: deps.db.table,
        Item: {
          ...Keys.throttleReport(window.end, key.kind, key.value),
          entity: "ThrottleReport",
          kind: key.kind,
          value: key.value.toLowerCase(),
          windowStart: window.start,
          windowEnd: window.end,
        },
      }),
    );
  } catch (error) {
    deps.log.warn("throttle refusal not counted", { kind: key.kind, ...describeError(error) });
  }
}

/**
 * What a right password does with its slots, as writes for the transaction that records the
 * success: the account's window is cleared (a proven password vouches for the account), the
 * address's slot is returned (it does not vouch for everyone else behind the same address).
 */
export function giveBack(db: Db, slots: ThrottleSlot[]): GuardedWrite[] {
  return slots.map((slot) => {
    const key = Keys.throttle(slot.kind, slot.value, slot.windowStart);
    if (slot.kind === "EMAIL") return { write: Write.delete(db, key) };
    return {
      write: Write.update(db, key, {
        UpdateExpression: "ADD taken :minus",
        ConditionExpression: "attribute_exists(taken)",
        ExpressionAttributeValues: { ":minus": -1 },
      }),
    };
  });
}

/** The keys a sign-in attempt counts on: the account, and the address when it is known. */
export const signInKeys = (email: string, ip: string | null): ThrottleKey[] => [
  { kind: "EMAIL", value: email },
  ...(ip ? [{ kind: "IP" as const, value: ip }] : []),
];
