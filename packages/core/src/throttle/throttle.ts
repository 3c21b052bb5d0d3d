import type { Deps } from "../deps";
import { AuthError, isDomainError } from "../error";
import { describeError } from "../log";
import type { Db } from "../store/client";
import { clearWindow, countRefusal, fileReport, returnSlot, takeSlot, type ThrottleKind, type ThrottleWindow } from "../store/throttle";
import { transact, type GuardedWrite } from "../store/transact";

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
export type { ThrottleKind, ThrottleWindow };
export type ThrottleKey = { kind: ThrottleKind; value: string };
/** A slot taken: which key, in which window (a later give-back must name the same window). */
export type ThrottleSlot = ThrottleKey & { windowStart: string };

export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const THROTTLE_LIMITS: Record<ThrottleKind, number> = { EMAIL: 5, IP: 20 };

export function windowAt(now: Date): ThrottleWindow {
  const start = Math.floor(now.getTime() / THROTTLE_WINDOW_MS) * THROTTLE_WINDOW_MS;
  return { start: new Date(start).toISOString(), end: new Date(start + THROTTLE_WINDOW_MS).toISOString() };
}

/** Seconds until the window that `now` falls in ends, at least 1. */
export const secondsLeft = (window: ThrottleWindow, now: Date) => Math.max(1, Math.ceil((Date.parse(window.end) - now.getTime()) / 1000));

/**
 * Takes a slot of every key in one transaction (one round trip): all of them or none. A full
 * window is `auth.throttled` with the seconds until it ends; the refusal is counted on the window
 * (second round trip) for the scheduled job's LOGIN_THROTTLED record, so a flood of refused
 * attempts writes nothing to the audit trail itself.
 */
export async function takeSlots(deps: Pick<Deps, "db" | "clock" | "log">, keys: ThrottleKey[]): Promise<ThrottleSlot[]> {
  const now = deps.clock.now();
  const window = windowAt(now);
  // The first full window the transaction names: the account's before the address's, so when both
  // are full the refusal is counted once, on the account.
  let full: ThrottleKey | undefined;
  const refused = (key: ThrottleKey) => () => ((full = key), AuthError.throttled(secondsLeft(window, now)));
  try {
    await transact(deps.db, keys.map((key) => takeSlot(deps.db, key.kind, key.value, window, THROTTLE_LIMITS[key.kind], refused(key))));
  } catch (error) {
    if (full) await countRefused(deps, full, window);
    // Without a full window, another transaction was taking the same slot at that instant: the
    // attempt is not evaluated either, and may try again at once.
    if (isDomainError(error, "request.conflict")) throw AuthError.throttled(1);
    throw error;
  }
  return keys.map((key) => ({ ...key, windowStart: window.start }));
}

/**
 * Counts one refused attempt on the window. The first refusal of a window also files it for the
 * scheduled job (`Throttle.reportRefusals`), which records one LOGIN_THROTTLED per window and key
 * once the window is over, with the count. Best effort: the attempt is refused either way, and a
 * count lost to an outage only makes the record smaller.
 */
async function countRefused(deps: Pick<Deps, "db" | "log">, key: ThrottleKey, window: ThrottleWindow) {
  try {
    // Exactly one refusal sees the count become 1: that one files the window.
    if ((await countRefusal(deps.db, key.kind, key.value, window)) === 1) await fileReport(deps.db, key.kind, key.value, window);
  } catch (error) {
    deps.log.warn("throttle refusal not counted", { kind: key.kind, ...describeError(error) });
  }
}

/**
 * What a right password does with its slots, as writes for the transaction that records the
 * success: the account's window is cleared (a proven password vouches for the account), the
 * address's slot is returned (it does not vouch for everyone else behind the same address).
 */
export const giveBack = (db: Db, slots: ThrottleSlot[]): GuardedWrite[] =>
  slots.map((slot) => (slot.kind === "EMAIL" ? clearWindow(db, slot.kind, slot.value, slot.windowStart) : returnSlot(db, slot.kind, slot.value, slot.windowStart)));

/** The keys a sign-in attempt counts on: the account, and the address when it is known. */
export const signInKeys = (email: string, ip: string | null): ThrottleKey[] => [
  { kind: "EMAIL", value: email },
  ...(ip ? [{ kind: "IP" as const, value: ip }] : []),
];
