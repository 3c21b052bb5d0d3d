import { Audit, describeError } from "@roster/core";
import { Hono } from "hono";
import { bodyOf, csvChunks } from "./audit/csv";
import { filterQuery, readFilters } from "./audit/filters";
import { PATH, renderAudit, requireTrailReader, EXPORT_PATH } from "./audit/page";
import type { ConsoleEnv } from "./env";
import { signedIn } from "./guard";
import { withQuery } from "./links";

/** `/console/audit`: the whole trail for SUPER_ADMINs and VIEWERs, filtered, paged, and exported as CSV. */
export const auditPages = new Hono<ConsoleEnv>();

/** The most the API's list gives in one Query: the export reads the trail in pages of this size. */
export const EXPORT_PAGE_SIZE = 100;

auditPages.get(PATH, signedIn(), (c) => renderAudit(c));

/**
 * Every event the filters select, as CSV, read page by page with the list's cursor and written
 * as it is read: one authentication, then one Query per page of 100 events (and one more, empty,
 * when the last page was full: only a short page says the trail ended). The first page is read
 * before the answer starts, so a refusal is still a page of its own, not a broken file.
 */
auditPages.get(EXPORT_PATH, signedIn(), async (c) => {
  requireTrailReader(c);
  const { values, filters, errors } = readFilters(c);
  // Refused filters are said on the form, beside the field to fix.
  if (Object.keys(errors).length) return c.redirect(withQuery(PATH, filterQuery(values)), 303);
  const { deps, principal } = c.var;
  const read = (cursor: string | undefined) => Audit.list(deps, principal, { ...filters, limit: EXPORT_PAGE_SIZE, cursor });
  const first = await read(undefined);
  const requestId = c.var.requestId;
  const body = bodyOf(csvChunks(first, read), (error) => deps.log.error("audit export failed midway", { requestId, ...describeError(error) }));
  const stamp = deps.clock.now().toISOString().slice(0, 16).replaceAll(":", "");
  c.header("Content-Type", "text/csv; charset=utf-8");
  c.header("Content-Disposition", `attachment; filename="roster-audit-${stamp}Z.csv"`);
  return c.body(body);
});
