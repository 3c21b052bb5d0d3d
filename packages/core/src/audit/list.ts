import { z } from "zod";
import type { Deps } from "../deps";
import { RequestError } from "../error";
import { authorize, authorizeTenant, can, type Principal } from "../policy";
import { AuditItemSchema } from "../store/audit";
import { decoder } from "../store/decode";
import { and, equals, expr, path } from "../store/expression";
import { IndexKeys, Keys } from "../store/keys";
import { decodeCursor, invalidCursor, keyString, PageQuery, queryPage, type Page } from "../store/page";
import type { IndexName } from "../store/table-definition";
import { AUDIT_EVENT_TYPES } from "./catalog";
import type { AuditEvent } from "./event";

const instant = z.iso
  .datetime({ offset: true, message: "Use an ISO-8601 date-time, e.g. 2026-11-25T10:00:00Z." })
  .transform((value) => new Date(value).toISOString());

export const AuditQuery = PageQuery.extend({
  type: z.enum(AUDIT_EVENT_TYPES).optional(),
  actorId: z.string().min(1).max(200).optional(),
  targetId: z.string().min(1).max(320).optional(),
  tenant: z.string().min(1).max(64).optional(),
  since: instant.optional().meta({ description: "Events at or after this instant." }),
  until: instant.optional().meta({ description: "Events before this instant; not before `since`." }),
}).refine((query) => !query.since || !query.until || query.since <= query.until, {
  path: ["until"],
  message: "`until` must not be before `since`.",
});
export type AuditQuery = z.infer<typeof AuditQuery>;

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#evt_[0-9a-z]+$/;

type Plan = { index: IndexName | null; partition: string };

/**
 * Picks the most selective key for the filters given: target, then actor, then tenant, then type,
 * else the whole log. Each filter alone reads only matching events; the others, when combined,
 * are applied as a filter on what that key reads (a page may then hold fewer than `limit`).
 */
function plan(query: AuditQuery): Plan {
  if (query.targetId) return { index: "gsi2", partition: IndexKeys.auditByTarget(query.targetId) };
  if (query.actorId) return { index: "gsi1", partition: IndexKeys.auditByActor(query.actorId) };
  if (query.tenant) return { index: "gsi4", partition: IndexKeys.auditByTenant(query.tenant) };
  if (query.type) return { index: "gsi3", partition: IndexKeys.auditByType(query.type) };
  return { index: null, partition: Keys.auditLog };
}

const decodeAuditEvent = decoder("audit event", AuditItemSchema.extend({ type: z.enum(AUDIT_EVENT_TYPES) }));

/** The event as a reader sees it, without what only the store keeps (the acting role). */
export function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const { actorRole: _role, ...event } = decodeAuditEvent(item);
  return event;
}

/**
 * A client admin sees who at Roster's operator did what in its tenant, not from where: the request
 * context (IP, user agent) of staff actions stays with staff. Only its own people's actions, a
 * client user's, keep theirs; an event written before the acting role was stored counts as staff.
 */
const contextForClientAdmin = (item: Record<string, unknown>): AuditEvent => {
  const { actorRole, ...event } = decodeAuditEvent(item);
  return event.actor.type === "user" && actorRole === "CLIENT_USER" ? event : { ...event, context: null };
};

/**
 * Who reads what: whoever reads the whole trail (SUPER_ADMINs, VIEWERs, clients with `audit:read`);
 * a CLIENT_ADMIN the events of its tenant only, named with `tenant` (400 without it), authorized by
 * its membership of that tenant, which the auth round trip read (the route scopes authentication to
 * the `tenant` query parameter). A non-member hears `tenant.not_found` as on every tenant route; a
 * CLIENT_VIEWER, and every operator and contractor, 403. The `tenant` filter then holds whatever
 * the plan: served by the tenant index, or applied as a filter to what the actor or target index reads.
 */
function authorizeReader(principal: Pick<Principal, "actor" | "membership">, query: AuditQuery, now: Date): "staff" | "client" {
  if (can(principal, "audit:read")) return "staff";
  // Only a tenant's client admins read a tenant's trail through a membership.
  if (principal.actor.role !== "CLIENT_USER") authorize(principal, "audit:read");
  if (!query.tenant) throw RequestError.invalid("Client admins read the events of their own tenant: name it with `tenant`.", [{ path: "tenant", message: "Required unless you read the whole trail." }]);
  authorizeTenant(principal, "tenant:audit:read", query.tenant, now);
  return "client";
}

/** The audit trail, newest first, in one round trip. */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Pick<Principal, "actor" | "membership">, query: AuditQuery): Promise<Page<AuditEvent>> {
  const reader = authorizeReader(principal, query, deps.clock.now());
  const { index, partition } = plan(query);
  const pk = path(index ? `${index}pk` : "pk");
  const sk = path(index ? `${index}sk` : "sk");
  // Sort keys are `<occurredAt>#<id>`: `since` sorts before every event at that instant, `until` before all of them too.
  const key =
    query.since && query.until
      ? expr`${pk} = ${partition} AND ${sk} BETWEEN ${query.since} AND ${query.until}`
      : query.since
        ? expr`${pk} = ${partition} AND ${sk} >= ${query.since}`
        : query.until
          ? expr`${pk} = ${partition} AND ${sk} < ${query.until}`
          : expr`${pk} = ${partition}`;
  // What the key does not serve is a filter on what it reads.
  const filter = and(
    query.targetId && index !== "gsi2" ? equals("target.id", query.targetId) : undefined,
    query.actorId && index !== "gsi1" ? equals("actor.id", query.actorId) : undefined,
    query.tenant && index !== "gsi4" ? equals("tenant", query.tenant) : undefined,
    query.type && index !== "gsi3" ? equals("type", query.type) : undefined,
  );
  let startKey: Record<string, string> | undefined;
  if (query.cursor) {
    const last = decodeCursor(query.cursor, SORT_KEY);
    // A cursor from another query (another range) would start outside this one's key range, which
    // DynamoDB refuses: it is not one this list returned.
    if ((query.since && last < query.since) || (query.until && last > query.until)) throw invalidCursor();
    startKey = { ...Keys.auditAt(last), ...(index ? { [`${index}pk`]: partition, [`${index}sk`]: last } : {}) };
  }
  return queryPage(
    deps.db,
    { index: index ?? undefined, key, filter, descending: true, limit: query.limit, startKey },
    reader === "staff" ? toAuditEvent : contextForClientAdmin,
    (lastKey) => keyString(lastKey, "sk"),
  );
}

