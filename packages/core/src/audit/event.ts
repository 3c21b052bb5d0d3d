import type { Actor, RequestContext } from "../actor";

/** The catalog of API.md; the audit-trail work adds a schema per type. */
export const AUDIT_EVENT_TYPES = [
  "USER_INVITED",
  "SETUP_LINK_REGENERATED",
  "USER_SETUP_COMPLETED",
  "LOGIN_SUCCEEDED",
  "LOGIN_FAILED",
  "LOGIN_THROTTLED",
  "LOGOUT",
  "SESSION_REVOKED",
  "PASSWORD_CHANGED",
  "MFA_RESET",
  "MFA_ENROLLED",
  "USER_ROLE_CHANGED",
  "USER_DEACTIVATED",
  "USER_REACTIVATED",
  "USER_REMOVED",
  "OWNERSHIP_TRANSFERRED",
  "TENANT_CREATED",
  "MEMBERSHIP_GRANTED",
  "MEMBERSHIP_UPDATED",
  "MEMBERSHIP_REVOKED",
  "MEMBERSHIP_EXPIRED",
  "API_CLIENT_CREATED",
  "API_CLIENT_KEY_ROTATED",
  "API_CLIENT_DISABLED",
  "API_CLIENT_ENABLED",
  "PAT_CREATED",
  "PAT_REVOKED",
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export type AuditActor =
  | { type: "user"; id: string; email: string }
  | { type: "api_client"; id: string; name: string }
  | { type: "system"; id: string; name: string };

export type AuditTarget = { type: "user" | "email" | "session" | "tenant" | "membership" | "api_client" | "token"; id: string; email?: string };

export type Change = { before: unknown; after: unknown };

export type AuditEvent = {
  id: string;
  type: AuditEventType;
  occurredAt: string;
  actor: AuditActor;
  target: AuditTarget;
  tenant: string | null;
  changes: Record<string, Change> | null;
  context: RequestContext;
};

/** An anonymous caller is recorded as the component that observed it; the IP names the source. */
export function auditActor(actor: Actor, observedBy = "anonymous"): AuditActor {
  switch (actor.type) {
    case "user":
      return { type: "user", id: actor.id, email: actor.email };
    case "api_client":
      return { type: "api_client", id: actor.id, name: actor.name };
    case "system":
      return { type: "system", id: actor.id, name: actor.name };
    case "anonymous":
      return { type: "system", id: `system:${observedBy}`, name: observedBy };
  }
}
