import type { Db } from "./client";
import { absent, and, exists, expr, path, update, type Expr } from "./expression";
import type { Key } from "./keys";
import { Write, type GuardedWrite } from "./transact";
import { updateItem } from "./write";

/*
 * One-time items: a setup link, an authenticator enrollment. Each is spent once, and carries the
 * TOTP seed being enrolled until it is spent.
 */

/** Not used yet, and not expired at `now`. */
export const stillLive = (now: string): Expr => and(absent("usedAt"), expr`${path("expiresAt")} > ${now}`)!;

/**
 * Spends the item: marked used at `now`, only if it exists, was never used and has not expired.
 * Of concurrent spends exactly one passes. The seed it carried goes with it: the user holds it now.
 */
export const spendOnce = (db: Db, name: string, key: Key, now: string, onConflict: () => Error): GuardedWrite =>
  Write.update(db, name, key, update({ set: { usedAt: now }, remove: ["pendingTotpSecret"] }), { condition: and(exists(), stillLive(now)), onConflict });

/**
 * Stores the seed a person is enrolling, sealed, if none is stored yet and the item is still live
 * (`live`). A ConditionFailedError means another call stored one first, or the item died meanwhile.
 */
export const storePendingSecret = (db: Db, key: Key, sealed: string, live: Expr) =>
  updateItem(db, "oneTime.pendingSecret", key, update({ set: { pendingTotpSecret: sealed } }), and(exists(), absent("pendingTotpSecret"), live));
