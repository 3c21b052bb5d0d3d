import type { Actor, RequestContext } from "../actor";
import { newId } from "../crypto/random";
import { putAuditEvent, putAuditEventAlone } from "../store/audit";
import type { GuardedWrite } from "../store/transact";
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

function toEvent(deps: Pick<Deps, "clock">, input: AuditInput): AuditEvent & { context: RequestContext } {
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
 * The audit event as one more write of the transaction that makes the change: the change and its
 * record land together or not at all. The put never overwrites (append-only).
 */
export function auditWrite(deps: Pick<Deps, "db" | "clock">, input: AuditInput): GuardedWrite {
  return putAuditEvent(deps.db, toEvent(deps, input), actingRole(input.actor));
}

/** For events that ride with no other change (a failed sign-in: its slot was counted before). */
export async function recordAlone(deps: Pick<Deps, "db" | "clock">, input: AuditInput): Promise<void> {
  await putAuditEventAlone(deps.db, toEvent(deps, input), actingRole(input.actor));
}

/** The role the actor acted with: a client admin reads the context of its own people's actions only. */
const actingRole = (actor: Actor) => (actor.type === "user" || actor.type === "api_client" ? actor.role : null);
