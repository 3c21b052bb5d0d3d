import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import type { Deps } from "../deps";
import { Keys } from "../store/keys";
import { closeReport, decodeThrottleWindow, endedReports, readReportedWindows, type ThrottleReport } from "../store/throttle";
import { transact } from "../store/transact";

const BATCH = 100;
/** An overlapping run recorded the window first. Never shown to anyone. */
class AlreadyRecorded extends Error {}

/**
 * Records LOGIN_THROTTLED once for each window and key that refused attempts, after the window
 * ended, with how many it refused: a flood of refused sign-ins costs the audit trail one event,
 * not one per attempt. Run by the scheduled job. It reads only the windows filed as having refused
 * something (one partition, ordered by window end), never a Scan; each record is one transaction
 * that also removes the filing, so overlapping runs record each window once.
 */
export async function reportRefusals(deps: Pick<Deps, "db" | "clock">, now = deps.clock.now(), requestId: string = newId("run")): Promise<{ reported: number }> {
  const context: RequestContext = { requestId, clientRequestId: null, ip: null, userAgent: null };
  let reported = 0;
  let batch: ThrottleReport[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const windows = await readReportedWindows(deps.db, batch);
    for (const report of batch) {
      const refused = windows.get(Keys.throttle(report.kind, report.value, report.windowStart), decodeThrottleWindow)?.refused ?? 0;
      if (await record(deps, report, refused, context)) reported += 1;
    }
    batch = [];
  };
  for await (const report of endedReports(deps.db, now)) {
    batch.push(report);
    if (batch.length === BATCH) await flush();
  }
  await flush();
  return { reported };
}

async function record(deps: Pick<Deps, "db" | "clock">, report: ThrottleReport, refused: number, context: RequestContext): Promise<boolean> {
  const close = closeReport(deps.db, report, () => new AlreadyRecorded());
  try {
    // A window gone before it was read (kept a day past its end, so only if the job was down that
    // long) has no count left to record: its filing is closed alone.
    if (refused === 0) {
      await transact(deps.db, [close]);
      return false;
    }
    await transact(deps.db, [
      close,
      Audit.write(deps, {
        type: "LOGIN_THROTTLED",
        actor: Actor.system("sign-in"),
        target: report.kind === "EMAIL" ? { type: "email", id: report.value, email: report.value } : { type: "ip", id: report.value },
        changes: { refusedAttempts: { before: null, after: refused }, windowEnd: { before: null, after: report.windowEnd } },
        context: { ...context, ip: report.kind === "IP" ? report.value : null },
      }),
    ]);
    return true;
  } catch (error) {
    if (error instanceof AlreadyRecorded) return false;
    throw error;
  }
}
