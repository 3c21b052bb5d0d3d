import { z } from "zod";
import type { Actor } from "../actor";
import { IndexKeys } from "../db/keys";
import { decodeCursor, PageQuery, queryPage, type Page } from "../db/page";
import type { IndexName } from "../db/table-definition";
import type { Deps } from "../deps";
import { requireSuperAdmin } from "../policy";
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
  until: instant.optional().meta({ description: "Events before this instant." }),
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

const STORAGE_FIELDS = ["pk", "sk", "entity", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "gsi4pk", "gsi4sk"];

export function toAuditEvent(item: Record<string, unknown>): AuditEvent {
  const event = { ...item };
  for (const field of STORAGE_FIELDS) delete event[field];
  return event as AuditEvent;
}

/** The audit trail, newest first, in one round trip. */
export async function list(deps: Pick<Deps, "db">, actor: Actor, query: AuditQuery): Promise<Page<AuditEvent>> {
  requireSuperAdmin(actor);
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
    toAuditEvent,
    (lastKey) => lastKey.sk!,
  );
}
