import { z } from "zod";
import { ROLES } from "../actor";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { ConditionFailedError, Write, type GuardedWrite } from "./transact";
import { putItem } from "./write";

export const AUDIT_ENTITY = "AuditEvent";
export const AUDIT_TARGET_TYPES = ["user", "email", "ip", "session", "tenant", "membership", "api_client", "token", "sso", "scim_token", "group"] as const;

const ContextSchema = z.object({
  requestId: z.string(),
  // Absent from events written before it was kept.
  clientRequestId: z.string().nullable().default(null),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

const AuditEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  occurredAt: z.string(),
  actor: z.union([
    z.object({ type: z.literal("user"), id: z.string(), email: z.string() }),
    z.object({ type: z.literal("api_client"), id: z.string(), name: z.string() }),
    z.object({ type: z.enum(["system", "sso", "directory"]), id: z.string(), name: z.string() }),
  ]),
  target: z.object({ type: z.enum(AUDIT_TARGET_TYPES), id: z.string(), email: z.string().optional() }),
  tenant: z.string().nullable(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
  context: ContextSchema,
});
export type StoredAuditEvent = z.output<typeof AuditEventSchema>;

/** The stored item: the event, and the role its actor acted with (who may read the context depends on it). */
export const AuditItemSchema = AuditEventSchema.extend({ actorRole: z.enum(ROLES).nullable().optional() });
export type AuditItem = z.output<typeof AuditItemSchema>;
export const decodeAuditItem = decoder("audit event", AuditItemSchema);

/** The stored item: the event, its time-ordered key, and one index entry per way it can be found. */
function toItem(event: StoredAuditEvent, actorRole: AuditItem["actorRole"]) {
  const key = Keys.audit(event.occurredAt, event.id);
  const shard = Keys.auditShardOf(event.id);
  return {
    ...key,
    entity: AUDIT_ENTITY,
    ...event,
    actorRole: actorRole ?? null,
    gsi1pk: IndexKeys.auditByActor(event.actor.id, shard),
    gsi1sk: key.sk,
    gsi2pk: IndexKeys.auditByTarget(event.target.id, shard),
    gsi2sk: key.sk,
    gsi3pk: IndexKeys.auditByType(event.type, shard),
    gsi3sk: key.sk,
    // Sparse: only tenant-scoped events are in the tenant index.
    ...(event.tenant ? { gsi4pk: IndexKeys.auditByTenant(event.tenant, shard), gsi4sk: key.sk } : {}),
  };
}

/** The event as one more write of the transaction that makes the change. The put never overwrites (append-only). */
export const putAuditEvent = (db: Db, event: StoredAuditEvent, actorRole: AuditItem["actorRole"]): GuardedWrite =>
  Write.put(db, "audit.append", toItem(event, actorRole), { condition: absent() });

/**
 * For an event that rides with no other change. The SDK sends a put again when its answer is late;
 * if the first one landed, the second finds its own event there: already written, not a failure
 * (the key holds the event's random id, so no other event can be in its place).
 */
export async function putAuditEventAlone(db: Db, event: StoredAuditEvent, actorRole: AuditItem["actorRole"]): Promise<void> {
  try {
    await putItem(db, "audit.append", toItem(event, actorRole), absent());
  } catch (error) {
    if (error instanceof ConditionFailedError && error.current?.id === event.id) return;
    throw error;
  }
}

/**
 * Attributes of the stored item that are not part of the event: its keys, index entries and the
 * acting role. What consumers of the bus and readers of the trail get has none of them.
 */
export const isStorageAttribute = (name: string) => ["pk", "sk", "entity", "ttl", "actorRole"].includes(name) || name.startsWith("gsi");
