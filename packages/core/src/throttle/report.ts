import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { Actor, type RequestContext } from "../actor";
import * as Audit from "../audit";
import { newId } from "../crypto/random";
import { Keys } from "../db/keys";
import { readItems } from "../db/read-items";
import { transact, Write } from "../db/transact";
import type { Deps } from "../deps";
import { DomainError, isDomainError } from "../error";
import type { ThrottleKind, ThrottleWindowItem } from "./throttle";

/** A window that refused attempts, filed by its first refusal (see `countRefusal`). */
type ThrottleReportItem = { pk: string; sk: string; kind: ThrottleKind; value: string; windowStart: string; windowEnd: string };

const PAGE_SIZE = 100;
const ALREADY_RECORDED = "throttle.report_recorded";

/**
 * Records LOGIN_THROTTLED once for each window and key that refused attempts, after the window
 * ended, with how many it refused: a flood of refused sign-ins costs the audit trail one event,
 * not one per attempt. Run by the scheduled job. It reads only the windows filed as having refused
 * something (one partition, ordered by window end), never a Scan; each record is one transaction
 * that also removes the filing, so overlapping runs record each window once.
 */
export async function reportRefusals(
  deps: Pick<Deps, "db" | "clock">,
  now = deps.clock.now(),
  requestId: string = newId("run"),
): Promise<{ reported: number }> {
  const context: RequestContext = { requestId, clientRequestId: null, ip: null, userAgent: null };
  let reported = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.doc.send(
      new QueryCommand({
        TableName: deps.db.table,
        KeyConditionExpression: "pk = :pk AND sk < :now",
        ExpressionAttributeValues: { ":pk": Keys.throttleReports, ":now": now.toISOString() },
        Limit: PAGE_SIZE,
        ExclusiveStartKey: startKey,
      }),
    );
    const filed = (page.Items ?? []) as ThrottleReportItem[];
    const windows = filed.length ? await readItems(deps.db, filed.map((report) => Keys.throttle(report.kind, report.value, report.windowStart))) : [];
    for (const report of filed) {
      const key = Keys.throttle(report.kind, report.value, report.windowStart);
      const window = windows.find((item) => item.pk === key.pk && item.sk === key.sk) as ThrottleWindowItem | undefined;
      if (await record(deps, report, window?.refused ?? 0, context)) reported += 1;
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { reported };
}

async function record(deps: Pick<Deps, "db" | "clock">, report: ThrottleReportItem, refused: number, context: RequestContext): Promise<boolean> {
  try {
    await transact(deps.db, [
      {
        write: Write.delete(deps.db, { pk: report.pk, sk: report.sk }, { ConditionExpression: "attribute_exists(pk)" }),
        onConflict: () => new DomainError(ALREADY_RECORDED, "Another run recorded this window."),
      },
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
    if (isDomainError(error, ALREADY_RECORDED)) return false;
    throw error;
  }
}
