import { z } from "zod";
import { epochSeconds } from "../clock";
import type { Db } from "./client";
import { decoder } from "./decode";
import { exists, expr, path, update } from "./expression";
import { Keys } from "./keys";
import { batchGet, queryAll, type ItemSet } from "./read";
import { Write, type GuardedWrite } from "./transact";
import { putItem, updateItem } from "./write";

export type ThrottleKind = "EMAIL" | "IP";
export type ThrottleWindow = { start: string; end: string };

const WindowSchema = z.object({ taken: z.number(), refused: z.number().optional() });
export const decodeThrottleWindow = decoder("throttle window", WindowSchema);

// Kept a day past the window: long enough for the scheduled job to read its refusals.
const KEEP_AFTER_WINDOW_SECONDS = 24 * 3600;

/** Takes one slot of a key's window, atomically: refused once the window holds `limit`. */
export const takeSlot = (db: Db, kind: ThrottleKind, value: string, window: ThrottleWindow, limit: number, onConflict: () => Error): GuardedWrite =>
  Write.update(
    db,
    "throttle.takeSlot",
    Keys.throttle(kind, value, window.start),
    update({
      add: { taken: 1 },
      set: { entity: "ThrottleWindow", kind, value: value.toLowerCase(), windowEnd: window.end, ttl: epochSeconds(new Date(window.end)) + KEEP_AFTER_WINDOW_SECONDS },
    }),
    { condition: expr`attribute_not_exists(${path("taken")}) OR ${path("taken")} < ${limit}`, onConflict },
  );

/**
 * A proven password clears the account's window: its slots, not the refusals it counted, which
 * the scheduled job still has to record (deleting the window would lose them). Unconditional, so
 * a sign-in never fails on it.
 */
export const clearWindow = (db: Db, kind: ThrottleKind, value: string, windowStart: string): GuardedWrite =>
  Write.update(db, "throttle.clearWindow", Keys.throttle(kind, value, windowStart), update({ set: { taken: 0 } }));

/** A proven password returns the address's slot (it does not vouch for everyone behind the address). */
export const returnSlot = (db: Db, kind: ThrottleKind, value: string, windowStart: string): GuardedWrite =>
  Write.update(db, "throttle.returnSlot", Keys.throttle(kind, value, windowStart), update({ add: { taken: -1 } }), { condition: exists("taken") });

/** Counts one refused attempt on a full window; resolves the count after it. */
export async function countRefusal(db: Db, kind: ThrottleKind, value: string, window: ThrottleWindow): Promise<number> {
  // A full window exists; the condition only keeps a stray write from creating a partial one.
  const after = await updateItem(db, "throttle.countRefusal", Keys.throttle(kind, value, window.start), update({ add: { refused: 1 } }), exists("taken"));
  return typeof after.refused === "number" ? after.refused : 0;
}

const ReportSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  kind: z.enum(["EMAIL", "IP"]),
  value: z.string(),
  windowStart: z.string(),
  windowEnd: z.string(),
});
export type ThrottleReport = z.output<typeof ReportSchema>;
const decodeReport = decoder("throttle report", ReportSchema);

/** Files a window that refused attempts for the scheduled job (idempotent: the same item each time). */
export const fileReport = (db: Db, kind: ThrottleKind, value: string, window: ThrottleWindow) =>
  putItem(db, "throttle.fileReport", {
    ...Keys.throttleReport(window.end, kind, value),
    entity: "ThrottleReport",
    kind,
    value: value.toLowerCase(),
    windowStart: window.start,
    windowEnd: window.end,
  });

/** The filed windows that ended before `now`: each shard's, ordered by window end. */
export async function* endedReports(db: Db, now: Date): AsyncGenerator<ThrottleReport> {
  for (const shard of Keys.throttleReports) {
    yield* queryAll(db, { key: expr`${path("pk")} = ${shard} AND ${path("sk")} < ${now.toISOString()}`, limit: 100 }, decodeReport);
  }
}

/** The windows of some reports, in one read, to count what they refused. */
export const readReportedWindows = (db: Db, reports: ThrottleReport[]): Promise<ItemSet> =>
  batchGet(db, reports.map((report) => Keys.throttle(report.kind, report.value, report.windowStart)));

/** A report is recorded once: its filing goes in the transaction that records it. */
export const closeReport = (db: Db, report: ThrottleReport, onConflict: () => Error): GuardedWrite =>
  Write.delete(db, "throttle.closeReport", { pk: report.pk, sk: report.sk }, { condition: exists(), onConflict });
