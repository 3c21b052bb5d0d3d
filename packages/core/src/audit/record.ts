import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Actor, RequestContext } from "../actor";
import { newId } from "../crypto/random";
import { IndexKeys, Keys } from "../db/keys";
import { Write, type GuardedWrite } from "../db/transact";
import type { Deps } from "../deps";
import { assertCatalogFit } from "./catalog";
import { auditActor, type AuditEvent, type AuditEventType, type AuditTarget, type Change } from "./event";

export type AuditInput = {
  type: AuditEventType;
  actor: Actor;
  /** For anonymous actors: the component that saw the attempt (`sign-in`, `setup`). */
  observedBy?: string;
  target: AuditTarget;
  tenant?: string | null;
  changes?: Record<string, Change> | null;
  context: RequestContext;
};

export const AUDIT_ENTITY = "AuditEvent";

function toEvent(deps: Pick<Deps, "clock">, input: AuditInput): AuditEvent {
  assertCatalogFit(input.type, input.target, input.changes);
  return {
    id: newId("evt"),
    type: input.type,
    occurredAt: deps.clock.now().toISOString(),
    actor: auditActor(input.actor, input.observedBy),
    target: input.target,
    tenant: input.tenant ?? null,
    changes: input.changes ?? null,
    context: input.context,
  };
}

/**
 * Attributes of the stored item that are not part of the event: its keys, index entries and the
 * acting role, which decides who may read the request context (see Audit.list).
 */
export const isStorageAttribute = (name: string) => ["pk", "sk", "entity", "ttl", "actorRole"].includes(name) || name.startsWith("gsi");

/** The stored item: the event, its time-ordered key, and one index entry per way it can be found. */
function toItem(event: AuditEvent, actor: Actor) {
  const key = Keys.audit(event.occurredAt, event.id);
  return {
    ...key,
    entity: AUDIT_ENTITY,
    ...event,
    // The role the actor acted with: a client admin reads the context of its own people's actions only.
    actorRole: actor.type === "user" || actor.type === "api_client" ? actor.role : null,
    gsi1pk: IndexKeys.auditByActor(event.actor.id),
    gsi1sk: key.sk,
    gsi2pk: IndexKeys.auditByTarget(event.target.id),
    gsi2sk: key.sk,
    gsi3pk: IndexKeys.auditByType(event.type),
    gsi3sk: key.sk,
    // Sparse: only tenant-scoped events are in the tenant index.
    ...(event.tenant ? { gsi4pk: IndexKeys.auditByTenant(event.tenant), gsi4sk: key.sk } : {}),
  };
}

/**
 * The audit event as one more write of the transaction that makes the change: the change and its
 * record land together or not at all. The put never overwrites (append-only).
 */
export function auditWrite(deps: Pick<Deps, "db" | "clock">, input: AuditInput): GuardedWrite {
  return { write: Write.put(deps.db, toItem(toEvent(deps, input), input.actor), { ConditionExpression: "attribute_not_exists(pk)" }) };
}

/** For events that ride with no other change (a failed sign-in with nothing to count). */
export async function recordAlone(deps: Pick<Deps, "db" | "clock">, input: AuditInput): Promise<void> {
  await deps.db.doc.send(
    new PutCommand({ TableName: deps.db.table, Item: toItem(toEvent(deps, input), input.actor), ConditionExpression: "attribute_not_exists(pk)" }),
  );
}
