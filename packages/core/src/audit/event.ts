import type { Actor, RequestContext } from "../actor";
import type { AUDIT_TARGET_TYPES } from "../store/audit";
import type { AuditEventType } from "./catalog";

export type { AuditEventType };

export type AuditActor =
  | { type: "user"; id: string; email: string }
  | { type: "api_client"; id: string; name: string }
  | { type: "system"; id: string; name: string }
  | { type: "sso"; id: string; name: string }
  | { type: "directory"; id: string; name: string };

export type AuditTarget = { type: (typeof AUDIT_TARGET_TYPES)[number]; id: string; email?: string };

export type Change = { before: unknown; after: unknown };

export type AuditEvent = {
  id: string;
  type: AuditEventType;
  occurredAt: string;
  actor: AuditActor;
  target: AuditTarget;
  tenant: string | null;
  changes: Record<string, Change> | null;
  /** Null only where the reader may not see it: a client admin reading a staff member's action. */
  context: RequestContext | null;
};

/** Who acted, as a person reads it: a person's email, a client's or a system component's name. */
export const actorName = (actor: AuditActor): string => (actor.type === "user" ? actor.email : actor.name);

/** An anonymous caller is recorded as the component that observed it; the IP names the source. */
export function auditActor(actor: Actor, observedBy = "anonymous"): AuditActor {
  switch (actor.type) {
    case "user":
      return { type: "user", id: actor.id, email: actor.email };
    case "api_client":
      return { type: "api_client", id: actor.id, name: actor.name };
    case "system":
    case "sso":
    case "directory":
      return { type: actor.type, id: actor.id, name: actor.name };
    case "anonymous":
      return { type: "system", id: `system:${observedBy}`, name: observedBy };
  }
}
