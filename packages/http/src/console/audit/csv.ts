import { Audit } from "@roster/core";

/*
 * The audit trail as CSV (RFC 4180: CRLF lines, a cell quoted when it holds a quote, comma or
 * line break, quotes doubled). A spreadsheet runs a cell that starts with = + - @ (or a tab or
 * carriage return, which some read past) as a formula: such a cell, which an actor's email, a
 * name or a user agent can be, starts with ' so it is read as the text it is.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: (string | null | undefined)[]): string => `${cells.map(csvCell).join(",")}\r\n`;

export const CSV_HEADER = ["When", "Event", "Actor type", "Actor id", "Actor", "Target type", "Target id", "Target email", "Tenant", "Changes", "Request id", "Client request id", "IP", "User agent", "Event id"];

/** One event, one line: the changes as the API's JSON, so nothing of them is lost. */
export function eventLine(event: Audit.AuditEvent): string {
  return csvLine([
    event.occurredAt,
    event.type,
    event.actor.type,
    event.actor.id,
    Audit.actorName(event.actor),
    event.target.type,
    event.target.id,
    event.target.email,
    event.tenant,
    event.changes ? JSON.stringify(event.changes) : null,
    event.context?.requestId,
    event.context?.clientRequestId,
    event.context?.ip,
    event.context?.userAgent,
    event.id,
  ]);
}

type AuditPage = { items: Audit.AuditEvent[]; nextCursor: string | null };

/** The header, then each page's lines: the next page is read only once the previous one is written. */
export async function* csvChunks(first: AuditPage, readAfter: (cursor: string) => Promise<AuditPage>): AsyncGenerator<string> {
  yield csvLine(CSV_HEADER);
  let page = first;
  for (;;) {
    if (page.items.length) yield page.items.map(eventLine).join("");
    if (!page.nextCursor) return;
    page = await readAfter(page.nextCursor);
  }
}

/**
 * A response body that pulls one chunk at a time, so the export holds one page of events and
 * reads the next only when the reader has taken the last one. A failure midway errors the stream,
 * which breaks the download off: a cut-short export must not look like a whole one.
 */
export function bodyOf(chunks: AsyncGenerator<string>, onError: (error: unknown) => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        onError(error);
        controller.error(error);
      }
    },
    async cancel() {
      // The person stopped the download: no more pages are read.
      await chunks.return(undefined);
    },
  });
}
