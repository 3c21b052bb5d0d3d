import { Audit } from "@roster/core";
import type { Context } from "hono";
import type { FormErrors } from "../forms";

/** The filters as typed (to show them again) and as they are read: the query parameters of the page and of its export. */
export type AuditFilterValues = { type: string; actor: string; from: string; to: string };
export type AuditFilters = Pick<Audit.AuditQuery, "type" | "actorId" | "since" | "until">;

export const FILTER_NAMES = ["type", "actor", "from", "to"] as const;

/** `datetime-local` sends minutes (seconds when the person typed them), without a zone: the page says it is UTC. */
const LOCAL_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d{1,3})?)?$/;

/** An instant from the form, in UTC; a full ISO-8601 date-time with its offset (as the API takes it) works too. */
export function instantOf(text: string): string | null {
  const local = LOCAL_INSTANT.exec(text);
  if (local) {
    const iso = `${local[1]}T${local[2]}${local[3] ?? ":00"}Z`;
    const date = new Date(iso);
    // Date rolls 30 February over to March: a day that does not exist is a mistake to point out.
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 16) !== iso.slice(0, 16)) return null;
    return date.toISOString();
  }
  const full = Audit.AuditQuery.safeParse({ since: text });
  return full.success && full.data.since ? full.data.since : null;
}

const BAD_INSTANT = "Use a date and time like 2026-11-25T10:00 (UTC).";

/** The page's filters, checked as the API checks them but said in the form's own words (From and To, not `since` and `until`). */
export function readFilters(c: Context): { values: AuditFilterValues; filters: AuditFilters; errors: FormErrors } {
  const values: AuditFilterValues = {
    type: c.req.query("type")?.trim() ?? "",
    actor: c.req.query("actor")?.trim() ?? "",
    from: c.req.query("from")?.trim() ?? "",
    to: c.req.query("to")?.trim() ?? "",
  };
  const errors: FormErrors = {};
  const filters: AuditFilters = {};
  if (values.type) {
    const type = Audit.AUDIT_EVENT_TYPES.find((name) => name === values.type);
    if (type) filters.type = type;
    else errors.type = "Roster records no event of this type: pick one from the list.";
  }
  if (values.actor) {
    if (values.actor.length > 200) errors.actor = "An actor's id is at most 200 characters.";
    // Events name their actor by id; an email would match nothing, and say nothing of why.
    else if (values.actor.includes("@")) errors.actor = "Use the actor's id (usr_…), not an email: select a name in the Actor column to see only that actor's events.";
    else filters.actorId = values.actor;
  }
  for (const [field, key] of [["from", "since"], ["to", "until"]] as const) {
    if (!values[field]) continue;
    const instant = instantOf(values[field]);
    if (instant) {
      filters[key] = instant;
      // Shown again in the control's own form (an ISO instant from a link would leave it blank).
      values[field] = instant.endsWith(":00.000Z") ? instant.slice(0, 16) : instant.endsWith(".000Z") ? instant.slice(0, 19) : instant.slice(0, 23);
    } else errors[field] = BAD_INSTANT;
  }
  if (filters.since && filters.until && filters.until < filters.since) errors.to = "To must not be before From.";
  return { values, filters, errors };
}

/** The filters of a URL, for links that keep them (the export, Clear, an actor's own events). */
export const filterQuery = (values: AuditFilterValues): Record<string, string> => Object.fromEntries(FILTER_NAMES.map((name) => [name, values[name]]));
