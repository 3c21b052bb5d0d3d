import { z } from "zod";
import type { Deps } from "../deps";
import { RequestError } from "../error";
import { authorize, authorizeTenant, can, type Principal } from "../policy";
import { AuditItemSchema } from "../store/audit";
import { decoder } from "../store/decode";
import { and, equals, expr, path } from "../store/expression";
import { IndexKeys, Keys } from "../store/keys";
import { decodeCursor, encodeCursor, invalidCursor, keyString, PageQuery, type Page } from "../store/page";
import { query as queryItems, type QuerySpec } from "../store/read";
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

/** The index and the partition of one shard that serve a query (no index: the trail itself). */
type Plan = { index: IndexName | null; partition: (shard: number) => string };

/**
 * Picks the most selective key for the filters given: target, then actor, then tenant, then type,
 * else the whole log. Each filter alone reads only matching events; the others, when combined,
 * are applied as a filter on what that key reads (a page may then hold fewer than `limit`).
 */
function plan(query: AuditQuery): Plan {
  const { targetId, actorId, tenant, type } = query;
  if (targetId) return { index: "gsi2", partition: (shard) => IndexKeys.auditByTarget(targetId, shard) };
  if (actorId) return { index: "gsi1", partition: (shard) => IndexKeys.auditByActor(actorId, shard) };
  if (tenant) return { index: "gsi4", partition: (shard) => IndexKeys.auditByTenant(tenant, shard) };
  if (type) return { index: "gsi3", partition: (shard) => IndexKeys.auditByType(type, shard) };
  return { index: null, partition: (shard) => Keys.auditLog[shard]! };
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

/**
 * The audit trail, newest first: every shard of the key the filters pick is queried at once (one
 * round trip's time, AUDIT_SHARDS queries), and the answers are merged by time.
 */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Pick<Principal, "actor" | "membership">, query: AuditQuery): Promise<Page<AuditEvent>> {
  const reader = authorizeReader(principal, query, deps.clock.now());
  const { index, partition } = plan(query);
  const pk = path(index ? `${index}pk` : "pk");
  const sk = path(index ? `${index}sk` : "sk");
  // Sort keys are `<occurredAt>#<id>`: `since` sorts before every event at that instant, `until` before all of them too.
  const keyOf = (shard: number) =>
    query.since && query.until
      ? expr`${pk} = ${partition(shard)} AND ${sk} BETWEEN ${query.since} AND ${query.until}`
      : query.since
        ? expr`${pk} = ${partition(shard)} AND ${sk} >= ${query.since}`
        : query.until
          ? expr`${pk} = ${partition(shard)} AND ${sk} < ${query.until}`
          : expr`${pk} = ${partition(shard)}`;
  // What the key does not serve is a filter on what it reads.
  const filter = and(
    query.targetId && index !== "gsi2" ? equals("target.id", query.targetId) : undefined,
    query.actorId && index !== "gsi1" ? equals("actor.id", query.actorId) : undefined,
    query.tenant && index !== "gsi4" ? equals("tenant", query.tenant) : undefined,
    query.type && index !== "gsi3" ? equals("type", query.type) : undefined,
  );
  let last: string | undefined;
  if (query.cursor) {
    last = decodeCursor(query.cursor, SORT_KEY);
    // A cursor from another query (another range) would start outside this one's key range, which
    // DynamoDB refuses: it is not one this list returned.
    if ((query.since && last < query.since) || (query.until && last > query.until)) throw invalidCursor();
  }
  // Every shard resumes below the cursor: the same sort key in each shard's partition. An index's
  // position also names a base key: the cursor event's own (sort keys are unique anyway).
  const startKey = (shard: number) =>
    last === undefined ? undefined : index ? { ...Keys.auditAt(last), [`${index}pk`]: partition(shard), [`${index}sk`]: last } : { pk: partition(shard), sk: last };
  const decode = reader === "staff" ? toAuditEvent : contextForClientAdmin;
  const shards = await Promise.all(
    Keys.auditLog.map((_, shard) => queryShard(deps, { index: index ?? undefined, key: keyOf(shard), filter, descending: true, limit: query.limit, startKey: startKey(shard) }, decode)),
  );
  return mergeNewestFirst(shards, query.limit);
}

type ShardPage = { events: { sortKey: string; event: AuditEvent }[]; stoppedAt: string | null };

async function queryShard(deps: Pick<Deps, "db">, spec: QuerySpec, decode: (item: Record<string, unknown>) => AuditEvent): Promise<ShardPage> {
  const { items, lastKey } = await queryItems(deps.db, spec, decode);
  // The trail's sort key and every index's are the same `<occurredAt>#<id>`, which the base key carries.
  return { events: items.map((event) => ({ sortKey: `${event.occurredAt}#${event.id}`, event })), stoppedAt: lastKey ? keyString(lastKey, "sk") : null };
}

/**
 * One page from the shards' pages. A shard that stopped early (its limit, or DynamoDB's 1 MB) has
 * not looked below where it stopped, so the page ends at the highest such point: what lies above
 * it has been seen in every shard. The cursor is the last sort key the page covers, which every
 * shard resumes below.
 */
export function mergeNewestFirst(shards: ShardPage[], limit: number): Page<AuditEvent> {
  const stops = shards.map((shard) => shard.stoppedAt).filter((stop): stop is string => stop !== null);
  const boundary = stops.length ? stops.reduce((highest, stop) => (stop > highest ? stop : highest)) : null;
  const seen = shards
    .flatMap((shard) => shard.events)
    // The stop itself was looked at (DynamoDB's last evaluated key): it belongs to this page.
    .filter(({ sortKey }) => boundary === null || sortKey >= boundary)
    .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0));
  const page = seen.slice(0, limit);
  const cursor = seen.length > limit ? page.at(-1)!.sortKey : boundary;
  return { items: page.map(({ event }) => event), nextCursor: cursor === null ? null : encodeCursor(cursor) };
}
