import { Audit, AuthError, Policy } from "@roster/core";
import type { Context } from "hono";
import type { ConsoleEnv } from "../env";
import { formRefusal, type FormErrors } from "../forms";
import { pageLinks, withQuery } from "../links";
import { Shell } from "../shell";
import { Empty, Field, FormError, Pager, Select, Table } from "../ui";
import { EventRow } from "./event-row";
import { filterQuery, readFilters, type AuditFilterValues } from "./filters";

export const PATH = "/console/audit";
export const EXPORT_PATH = `${PATH}/export.csv`;
const PAGE_SIZE = 50;

const TYPE_OPTIONS = [{ value: "", label: "Any" }, ...Audit.AUDIT_EVENT_TYPES.map((type) => ({ value: type, label: type }))];

/** Whoever reads the whole trail reads this page: SUPER_ADMINs and VIEWERs (a client admin has its tenant's, in the portal). */
export function requireTrailReader(c: Context<ConsoleEnv>) {
  if (!Policy.can(c.var.principal, "audit:read")) throw AuthError.forbidden();
}

function Filters({ values, errors, filtered }: { values: AuditFilterValues; errors: FormErrors; filtered: boolean }) {
  return (
    <form method="get" action={PATH} class="filters audit-filters" aria-label="Filter events" novalidate>
      <Select label="Event type" name="type" options={TYPE_OPTIONS} value={values.type} error={errors.type} />
      <Field label="Actor" name="actor" value={values.actor} error={errors.actor} hint="An id: usr_…, cli_… or system:…" />
      <Field label="From" name="from" type="datetime-local" value={values.from} error={errors.from} hint="UTC, inclusive" />
      <Field label="To" name="to" type="datetime-local" value={values.to} error={errors.to} hint="UTC, exclusive" />
      <div class="actions">
        <button type="submit">Apply</button>
        {filtered ? (
          <a class="button secondary" href={PATH}>
            Clear
          </a>
        ) : null}
      </div>
    </form>
  );
}

/**
 * The trail, newest first, filtered by the form's query: authentication, then one Query of each
 * shard of the trail, side by side (none when the filters are refused: the form says what to fix).
 */
export async function renderAudit(c: Context<ConsoleEnv>) {
  requireTrailReader(c);
  const { principal, csrf, deps } = c.var;
  const { values, filters, errors } = readFilters(c);
  const pageHref = withQuery(PATH, { ...filterQuery(values), cursor: c.req.query("cursor"), trail: c.req.query("trail") });
  const filtered = Object.values(values).some(Boolean);
  let page: { items: Audit.AuditEvent[]; nextCursor: string | null } = { items: [], nextCursor: null };
  let refusal: string | undefined;
  const valid = Object.keys(errors).length === 0;
  if (valid) {
    try {
      page = await Audit.list(deps, principal, { ...filters, limit: PAGE_SIZE, cursor: c.req.query("cursor") || undefined });
    } catch (error) {
      // A cursor from another search: the API's words, and the way back to the first page.
      refusal = formRefusal(error).error.message;
    }
  }
  const links = pageLinks(pageHref, page.nextCursor);
  const exportHref = valid ? withQuery(EXPORT_PATH, filterQuery(values)) : null;
  const status = valid && !refusal ? 200 : 400;
  return c.html(
    <Shell title="Audit log" principal={principal} csrf={csrf} section={PATH}>
      <div class="page-head">
        <div>
          <h1>Audit log</h1>
          <p class="subtitle">Every change and sign-in, newest first. Events are never edited or deleted.</p>
        </div>
        {/* The events as listed: the filters applied, not whatever the form holds before Apply. */}
        {exportHref ? (
          <a class="button secondary" href={exportHref} download>
            Export CSV
          </a>
        ) : null}
      </div>
      <Filters values={values} errors={errors} filtered={filtered} />
      {valid ? null : <FormError message="Fix the filters above to see the events." />}
      {refusal ? (
        <>
          <FormError message={refusal} />
          <p>
            <a href={withQuery(PATH, filterQuery(values))}>Go to the first page</a>
          </p>
        </>
      ) : null}
      {valid && !refusal && page.items.length === 0 && !page.nextCursor ? (
        <Empty>{filtered ? "No event matches these filters. Widen the dates or choose Any event type." : "No events yet."}</Empty>
      ) : null}
      {page.items.length ? (
        <div class="records-table">
          <Table caption="Audit events" columns={["When", "Event", "Actor", "Target"]}>
            {page.items.map((event) => (
              <EventRow event={event} pageHref={pageHref} />
            ))}
          </Table>
        </div>
      ) : null}
      {page.items.length === 0 && page.nextCursor ? <p class="hint">No match on this page of the trail: the next one may hold some.</p> : null}
      <Pager next={links.next} previous={links.previous} />
    </Shell>,
    status,
  );
}
