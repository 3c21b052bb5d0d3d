import type { Db } from "./client";

/**
 * Whether this process last saw single sign-on enforced, per table. Sign-in reads a profile by
 * email from an index, which cannot be batched with the SSO item, so it cannot read enforcement in
 * a round trip it already makes; it guesses from what it last saw instead and runs the transaction
 * that fits the guess. The guess never decides anything: every sign-in transaction holds a
 * ConditionCheck on the SSO item, so a wrong guess (a toggle made by another process, or a cold
 * start under enforcement) costs one more round trip, never a wrong answer.
 */
const seen = new WeakMap<Db, boolean>();

/** The last enforcement seen; not enforced when nothing was seen yet (most workspaces do not enforce). */
export const lastSeenEnforced = (db: Db): boolean => seen.get(db) ?? false;

/** Something read or wrote the SSO configuration, or a sign-in's ConditionCheck proved it. */
export const sawEnforced = (db: Db, enforced: boolean): void => void seen.set(db, enforced);
