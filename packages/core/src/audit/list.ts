import { z } from "zod";
import { IndexKeys, Keys } from "../db/keys";
import { decodeCursor, PageError, PageQuery, queryPage, type Page } from "../db/page";
import type { IndexName } from "../db/table-definition";
import type { Deps } from "../deps";
import { AuthError, DomainError } from "../error";
import { tenantAccess } from "../membership/access";
import { requireScope } from "../policy";
import type { Principal } from "../session/authenticate";
import { AUDIT_EVENT_TYPES } from "./catalog";
import { isStorageAttribute } from "./record";
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
  return { index: null, partition: "AUDIT" };
}

/** The event as read: storage attributes dropped; events older than `clientRequestId` say null for it. */
export function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const event = Object.fromEntries(Object.entries(item).filter(([name]) => !isStorageAttribute(name))) as AuditEvent;
  return event.context ? { ...event, context: { ...event.context, clientRequestId: event.context.clientRequestId ?? null } } : event;
}

/**
 * A client admin sees who at Roster's operator did what in its tenant, not from where: the request
 * context (IP, user agent) of staff actions stays with staff. Only its own people's actions, a
 * client user's, keep theirs; an event written before the acting role was stored counts as staff.
 */
const contextForClientAdmin = (item: Record<string, unknown>): AuditEvent => {
  const event = toAuditEvent(item);
  return event.actor.type === "user" && item.actorRole === "CLIENT_USER" ? event : { ...event, context: null };
};

/**
 * Who reads what: SUPER_ADMINs the whole trail; a CLIENT_ADMIN the events of its tenant only, named
 * with `tenant` (400 without it), authorized by its membership of that tenant, which the auth round
 * trip read (the route scopes authentication to the `tenant` query parameter). A non-member hears
 * `tenant.not_found` as on every tenant route; a CLIENT_VIEWER, and every operator and contractor, 403.
 * The `tenant` filter then holds whatever the plan: served by the tenant index, or applied as a
 * filter to what the actor or target index reads.
 */
function authorize(principal: Pick<Principal, "actor" | "membership">, query: AuditQuery, now: Date): "staff" | "client" {
  requireScope(principal.actor, "audit:read");
  const role = principal.actor.role;
  if (role === "SUPER_ADMIN") return "staff";
  if (role !== "CLIENT_USER") throw AuthError.forbidden();
  if (!query.tenant) {
    throw new DomainError("request.invalid", "Client admins read the events of their own tenant: name it with `tenant`.", {
      errors: [{ path: "tenant", message: "Required unless you are a SUPER_ADMIN." }],
    });
  }
  // The membership read with the caller must be this very tenant's, whatever the route scoped.
  const membership = principal.membership?.pk === Keys.tenant(query.tenant).pk ? principal.membership : null;
  const access = tenantAccess({ ...principal, membership }, now, "audit:read");
  if (access.as !== "member" || access.role !== "CLIENT_ADMIN") throw AuthError.forbidden();
  return "client";
}

/** The audit trail, newest first, in one round trip. */
export async function list(deps: Pick<Deps, "db" | "clock">, principal: Pick<Principal, "actor" | "membership">, query: AuditQuery): Promise<Page<AuditEvent>> {
  const reader = authorize(principal, query, deps.clock.now());
  const { index, partition } = plan(query);
  const pk = index ? `${index}pk` : "pk";
  const sk = index ? `${index}sk` : "sk";

  const names: Record<string, string> = { "#pk": pk };
  const values: Record<string, unknown> = { ":pk": partition };
  let keyCondition = "#pk = :pk";
  if (query.since || query.until) {
    names["#sk"] = sk;
    // Sort keys are `<occurredAt>#<id>`: `since` sorts before every event at that instant, `until` before all of them too.
    if (query.since && query.until) keyCondition += " AND #sk BETWEEN :since AND :until";
    else if (query.since) keyCondition += " AND #sk >= :since";
    else keyCondition += " AND #sk < :until";
    if (query.since) values[":since"] = query.since;
    if (query.until) values[":until"] = query.until;
  }

  const filters: string[] = [];
  const filterOn = (field: string, attribute: string[], value: string | undefined, servedByKey: boolean) => {
    if (!value || servedByKey) return;
    const path = attribute.map((part, i) => ((names[`#f${field}${i}`] = part), `#f${field}${i}`)).join(".");
    values[`:f${field}`] = value;
    filters.push(`${path} = :f${field}`);
  };
  filterOn("target", ["target", "id"], query.targetId, index === "gsi2");
  filterOn("actor", ["actor", "id"], query.actorId, index === "gsi1");
  filterOn("tenant", ["tenant"], query.tenant, index === "gsi4");
  filterOn("type", ["type"], query.type, index === "gsi3");

  let startKey: Record<string, string> | undefined;
  if (query.cursor) {
    const last = decodeCursor(query.cursor, SORT_KEY);
    // A cursor from another query (another range) would start outside this one's key range, which
    // DynamoDB refuses: it is not one this list returned.
    if ((query.since && last < query.since) || (query.until && last > query.until)) throw PageError.invalidCursor();
    startKey = { pk: "AUDIT", sk: last, ...(index ? { [pk]: partition, [sk]: last } : {}) };
  }

  return queryPage(
    deps.db,
    {
      IndexName: index ?? undefined,
      KeyConditionExpression: keyCondition,
      FilterExpression: filters.length ? filters.join(" AND ") : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: query.limit,
      ExclusiveStartKey: startKey,
    },
    reader === "staff" ? toAuditEvent : contextForClientAdmin,
    (lastKey) => lastKey.sk!,
  );
}
