import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, and, equals, exists, ifAbsent, update } from "./expression";
import { Keys } from "./keys";
import { Write, type GuardedWrite } from "./transact";
import { updateItem } from "./write";

/**
 * A session is an item beside the user's profile, so authentication reads both in one BatchGet.
 * An API session holds the hash of the one live refresh token; rotating replaces it under a
 * condition on the old hash, so a refresh token works once. A console session (`kind: console`)
 * holds the hash of its cookie's secret instead, and when a page was last loaded (idle timeout).
 */
const SessionSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("Session"),
  sessionId: z.string(),
  userId: z.string(),
  /** Absent on API sessions (made before kinds existed, and since). */
  kind: z.literal("console").optional(),
  /** SHA-256 of the refresh token's secret (API) or of the cookie's (console). */
  refreshHash: z.string(),
  /** Console only: the last page load, for the idle timeout. */
  lastSeenAt: z.string().optional(),
  createdAt: z.string(),
  /** The user's session epoch when the session was opened (or re-confirmed by a password change). */
  epoch: z.number(),
  lastRefreshedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().optional(),
  revokedReason: z.string().optional(),
  ttl: z.number(),
});
export type SessionItem = z.output<typeof SessionSchema>;
export const decodeSession = decoder("session", SessionSchema);

export const putSession = (db: Db, item: SessionItem): GuardedWrite => Write.put(db, "sessions.open", item, { condition: absent() });

const live = and(exists(), absent("revokedAt"))!;

/** The refresh token is spent: the one presented must still be the session's current one. */
export const rotateRefresh = (db: Db, session: SessionItem, newHash: string, now: string, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "sessions.rotate", Keys.session(session.userId, session.sessionId), update({ set: { refreshHash: newHash, lastRefreshedAt: now } }), {
    condition: and(equals("refreshHash", session.refreshHash), absent("revokedAt")),
    onConflict,
  });

/** Ends a session for good, keeping the first reason given (a concurrent end does not overwrite it). */
export const revokeSession = (db: Db, userId: string, sessionId: string, now: string, reason: string): GuardedWrite =>
  Write.update(db, "sessions.revoke", Keys.session(userId, sessionId), update({ set: { revokedAt: ifAbsent(now), revokedReason: ifAbsent(reason) } }));

/** The caller signs out: only a live session, so a concurrent sign-out is told it lost. */
export const endSession = (db: Db, userId: string, sessionId: string, now: string, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "sessions.end", Keys.session(userId, sessionId), update({ set: { revokedAt: now, revokedReason: "logout" } }), { condition: live, onConflict });

/** The session a password change comes from moves to the user's new epoch, so it alone survives the cut. */
export const keepSession = (db: Db, userId: string, sessionId: string, epoch: number, onConflict: () => Error): GuardedWrite =>
  Write.update(db, "sessions.keep", Keys.session(userId, sessionId), update({ set: { epoch } }), { condition: live, onConflict });

/** A console page load keeps the session from going idle: only a live one, so a sign-out is not undone. */
export const touchConsoleSession = (db: Db, userId: string, sessionId: string, now: string) =>
  updateItem(db, "sessions.touch", Keys.session(userId, sessionId), update({ set: { lastSeenAt: now } }), live);
