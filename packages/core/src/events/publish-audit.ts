import type { DynamoDBRecord } from "aws-lambda";
import { describeError, type Logger } from "../log";
import { AUDIT_ENTITY, isStorageAttribute } from "../store/audit";
import { fromStreamImage } from "../store/stream-image";
import { MAX_ENTRIES_PER_PUT, type BusEntry, type EventBus } from "./bus";

export type PublishAuditDeps = { bus: EventBus; log: Logger; sleep?: (ms: number) => Promise<void> };

export type BatchResponse = { batchItemFailures: { itemIdentifier: string }[] };

/** Attempts per batch of entries, counting the first; waits 100, 200, 400 ms between them. */
export const PUBLISH_ATTEMPTS = 4;
const BACKOFF_BASE_MS = 100;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** An entry to send and the record it came from (its position in the batch, its sequence number). */
type Pending = { record: number; sequenceNumber: string | undefined; entry: BusEntry; id: string; type: string };

/**
 * The outbox relay: the audit item was written in the same transaction as its change, the table's
 * stream carries it here, and this puts it on the bus (source `roster`, detail-type = the event's
 * type, detail = the event as the API shows it). Only INSERTs of audit items count; audit items
 * are never updated or deleted, and every other item stays private to the table.
 *
 * Delivery is at least once. Records go out in stream order, in batches of up to 10; entries a
 * call rejects are retried (only those) a few times with backoff. If one still fails, its record's
 * sequence number is reported as the batch item failure and nothing after it is sent, so Lambda
 * (ReportBatchItemFailures) retries from that record: nothing is lost, and records before it are
 * not sent again. Entries of the same PutEvents call that were accepted after the failed one will
 * be sent again on that retry, and Lambda itself may redeliver a batch: consumers deduplicate on
 * `detail.id`.
 */
export async function publishAuditRecords(deps: PublishAuditDeps, records: DynamoDBRecord[]): Promise<BatchResponse> {
  const pending = records.flatMap((record, index) => {
    const entry = auditEntry(deps.log, record, index);
    return entry ? [entry] : [];
  });

  for (let start = 0; start < pending.length; start += MAX_ENTRIES_PER_PUT) {
    const firstFailed = await putWithRetries(deps, pending.slice(start, start + MAX_ENTRIES_PER_PUT));
    if (!firstFailed) continue;
    deps.log.error("Audit events could not be published; the stream batch will be retried from the first of them", {
      eventId: firstFailed.id,
      type: firstFailed.type,
      sequenceNumber: firstFailed.sequenceNumber,
    });
    // Lambda treats an empty identifier as "the whole batch failed": safe, if wasteful.
    return { batchItemFailures: [{ itemIdentifier: firstFailed.sequenceNumber ?? "" }] };
  }
  if (pending.length > 0) deps.log.info("Audit events published", { count: pending.length });
  return { batchItemFailures: [] };
}

/** Sends one batch; answers the earliest entry that could not be sent, if any. */
async function putWithRetries(deps: PublishAuditDeps, batch: Pending[]): Promise<Pending | undefined> {
  const sleep = deps.sleep ?? defaultSleep;
  let remaining = batch;
  let lastErrors: (string | undefined)[] = [];
  for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
    let failed: { index: number; errorCode?: string }[];
    try {
      failed = (await deps.bus.putEvents(remaining.map((item) => item.entry))).failed;
    } catch (error) {
      // The call as a whole failed (network, throttling after the SDK's own retries): all of it again.
      failed = remaining.map((_, index) => ({ index, errorCode: describeError(error).errorName }));
    }
    const stillFailing = failed.flatMap(({ index }) => (remaining[index] ? [remaining[index]] : []));
    lastErrors = failed.map((failure) => failure.errorCode);
    if (stillFailing.length === 0) return undefined;
    remaining = stillFailing;
    if (attempt < PUBLISH_ATTEMPTS) {
      deps.log.warn("Some audit events were not accepted by the bus; retrying them", {
        attempt,
        failed: remaining.length,
        errorCodes: [...new Set(lastErrors)],
      });
      await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
    }
  }
  deps.log.warn("The bus kept refusing audit events", {
    failed: remaining.map((item) => ({ eventId: item.id, type: item.type })),
    errorCodes: [...new Set(lastErrors)],
  });
  return remaining.reduce((earliest, item) => (item.record < earliest.record ? item : earliest));
}

/** The bus entry for an audit item's INSERT; undefined for every other record. */
function auditEntry(log: Logger, record: DynamoDBRecord, index: number): Pending | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || !image || image.entity?.S !== AUDIT_ENTITY) return undefined;
  let event: Record<string, unknown> = {};
  try {
    const item = fromStreamImage(image);
    event = Object.fromEntries(Object.entries(item).filter(([name]) => !isStorageAttribute(name)));
  } catch (error) {
    log.error("Could not read an audit item from the stream", { ...describeError(error), sequenceNumber: record.dynamodb?.SequenceNumber });
  }
  const { id, type, occurredAt } = event;
  const time = typeof occurredAt === "string" ? new Date(occurredAt) : undefined;
  if (typeof id !== "string" || typeof type !== "string" || !type || !time || Number.isNaN(time.getTime())) {
    // Retrying a malformed item would block the stream until the record ages out (24 h) and hold
    // back every event behind it; it stays in the table, and this error is the alarm.
    log.error("Skipped an audit item that is not a valid event", {
      eventId: typeof id === "string" ? id : undefined,
      sequenceNumber: record.dynamodb?.SequenceNumber,
    });
    return undefined;
  }
  return { record: index, sequenceNumber: record.dynamodb?.SequenceNumber, id, type, entry: { source: "roster", detailType: type, detail: JSON.stringify(event), time } };
}
