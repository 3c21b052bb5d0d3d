import { z } from "zod";
import { ROLES } from "../actor";
import type { AuditTarget } from "./event";

/**
 * Every audit event type, what it means, what it targets and the shape of its `changes`. Written
 * events are checked against it, the README's catalog is checked against it, and consumers of the
 * EventBridge bus can rely on it.
 */
const change = <T extends z.ZodType>(value: T) => z.object({ before: value.nullable(), after: value.nullable() });
const text = z.string();
const role = z.enum(ROLES);
const status = z.enum(["INVITED", "ACTIVE", "DEACTIVATED"]);

type Entry = { description: string; targets: AuditTarget["type"][]; changes: z.ZodType | null };

export const AUDIT_CATALOG = {
  USER_INVITED: {
    description: "A user was invited (or the owner created on first start).",
    targets: ["user"],
    changes: z.object({ role: change(role), status: change(status).optional(), isOwner: change(z.boolean()).optional() }).strict(),
  },
  SETUP_LINK_REGENERATED: { description: "A new setup link replaced the previous one.", targets: ["user"], changes: null },
  USER_SETUP_COMPLETED: {
    description: "An invitee set name, password and authenticator; the user is ACTIVE.",
    targets: ["user"],
    changes: z.object({ status: change(status), displayName: change(text) }).strict(),
  },
  LOGIN_SUCCEEDED: { description: "A user signed in; the target is the new session.", targets: ["session"], changes: null },
  LOGIN_FAILED: {
    description: "A sign-in was refused (unknown email, wrong password or code, inactive user), or a signed-in user gave a wrong current password.",
    targets: ["user", "email"],
    changes: null,
  },
  LOGIN_THROTTLED: {
    description:
      "Sign-in attempts (or password checks) for an account or from an address were refused unchecked during one throttle window: " +
      "recorded once per window and key after the window ended, with how many were refused.",
    targets: ["email", "ip"],
    changes: z.object({ refusedAttempts: change(z.number().int().positive()), windowEnd: change(text) }).strict(),
  },
  LOGOUT: { description: "A user ended their session.", targets: ["session"], changes: null },
  SESSION_REVOKED: {
    description: "A session was ended by Roster (a spent refresh token was presented again).",
    targets: ["session"],
    changes: z.object({ reason: change(text) }).strict(),
  },
  PASSWORD_CHANGED: { description: "A user changed their password; their other sessions and all their personal access tokens ended.", targets: ["user"], changes: null },
  MFA_RESET: { description: "An admin reset a user's authenticator; their sessions ended.", targets: ["user"], changes: null },
  MFA_ENROLLED: { description: "A user enrolled a new authenticator after a reset.", targets: ["user"], changes: null },
  USER_ROLE_CHANGED: { description: "A user's global role changed.", targets: ["user"], changes: z.object({ role: change(role) }).strict() },
  USER_DEACTIVATED: { description: "A user was deactivated; every session and token died.", targets: ["user"], changes: z.object({ status: change(status) }).strict() },
  USER_REACTIVATED: { description: "A deactivated user was reactivated.", targets: ["user"], changes: z.object({ status: change(status) }).strict() },
  USER_REMOVED: { description: "A user was removed; the email is free again, the history stays.", targets: ["user"], changes: null },
  OWNERSHIP_TRANSFERRED: {
    description: "The owner handed ownership to another SUPER_ADMIN (the target); the actor is the previous owner.",
    targets: ["user"],
    changes: z.object({ isOwner: change(z.boolean()) }).strict(),
  },
  TENANT_CREATED: { description: "A tenant was created.", targets: ["tenant"], changes: null },
  MEMBERSHIP_GRANTED: {
    description: "A user gained access to a tenant (target id `<slug>/<userId>`).",
    targets: ["membership"],
    changes: z.object({ role: change(text), expiresAt: change(text).optional() }).strict(),
  },
  MEMBERSHIP_UPDATED: {
    description: "A membership's role or expiry changed.",
    targets: ["membership"],
    changes: z.object({ role: change(text).optional(), expiresAt: change(text).optional() }).strict(),
  },
  MEMBERSHIP_REVOKED: {
    description: "A membership was removed.",
    targets: ["membership"],
    changes: z.object({ role: change(text) }).strict(),
  },
  // The expiry job's events carry the expiry itself as `expiresAt` (before = after: it did not change),
  // for the warning mail and because the event is recorded minutes after the instant access ended.
  MEMBERSHIP_EXPIRING: {
    description: "A contractor's membership ends soon; the person was warned.",
    targets: ["membership"],
    changes: z.object({ expiresAt: change(text) }).strict(),
  },
  MEMBERSHIP_EXPIRED: {
    description: "A membership reached its expiry and grants nothing any more.",
    targets: ["membership"],
    changes: z.object({ expiresAt: change(text) }).strict(),
  },
  API_CLIENT_CREATED: {
    description: "An API client was registered, with a public key (`keyId`) or the URL of its JWKS (`jwksUri`); the other is null.",
    targets: ["api_client"],
    changes: z.object({ keyId: change(text), jwksUri: change(text) }).strict(),
  },
  API_CLIENT_KEY_ROTATED: { description: "An API client's public key was replaced.", targets: ["api_client"], changes: null },
  API_CLIENT_DISABLED: { description: "An API client was disabled; its tokens died.", targets: ["api_client"], changes: null },
  API_CLIENT_ENABLED: { description: "A disabled API client was enabled again.", targets: ["api_client"], changes: null },
  PAT_CREATED: { description: "A user created a personal access token.", targets: ["token"], changes: null },
  PAT_REVOKED: { description: "A personal access token was revoked.", targets: ["token"], changes: null },
  SSO_CONFIGURED: {
    description: "A SUPER_ADMIN set up or changed single sign-on (the client secret is never recorded, only whether it changed).",
    targets: ["sso"],
    changes: z
      .object({
        issuer: change(text).optional(),
        clientId: change(text).optional(),
        clientSecretChanged: change(z.boolean()).optional(),
        groupsClaim: change(text).optional(),
        roles: change(z.array(z.object({ group: text, role }))).optional(),
        memberships: change(z.array(z.object({ group: text, tenant: text, role: text }))).optional(),
        enforced: change(z.boolean()).optional(),
        // Read from the provider's discovery document, not given: where its sign-in page is (the console's CSP names it).
        authorizationOrigin: change(text).optional(),
      })
      .strict(),
  },
  SSO_REMOVED: { description: "A SUPER_ADMIN removed single sign-on; the people it made stay, with their current roles.", targets: ["sso"], changes: null },
  SSO_LOGIN: { description: "A person signed in through the identity provider; the target is the new session.", targets: ["session"], changes: null },
  SSO_BREAK_GLASS_LOGIN: {
    description: "The owner signed in with password and authenticator while SSO is enforced (the break-glass path); every SUPER_ADMIN is mailed.",
    targets: ["session"],
    changes: null,
  },
  USER_PROVISIONED: {
    description: "The identity provider (at a first sign-in) or a SCIM directory created a person; `source` says which.",
    targets: ["user"],
    changes: z.object({ role: change(role), status: change(status), source: change(z.enum(["sso", "scim"])) }).strict(),
  },
  USER_DEPROVISIONED: {
    description:
      "The identity provider or a SCIM directory cut a person off: deactivated (`status` changes; their groups map to no role, or `active: false`) " +
      "or removed (no changes; a SCIM DELETE). Every session, personal access token and USER client of theirs died.",
    targets: ["user"],
    changes: z.object({ status: change(status) }).strict().nullable(),
  },
  USER_PROFILE_CHANGED: {
    description: "A SCIM directory changed what it keeps of a person: email (its userName), display name, given or family name, externalId.",
    targets: ["user"],
    changes: z
      .object({ email: change(text).optional(), displayName: change(text).optional(), givenName: change(text).optional(), familyName: change(text).optional(), externalId: change(text).optional() })
      .strict(),
  },
  GROUP_PROVISIONED: {
    description: "A SCIM directory created a group (target id: the group's id); its members get what the SSO mapping gives its displayName or externalId.",
    targets: ["group"],
    changes: z.object({ displayName: change(text), externalId: change(text) }).strict(),
  },
  GROUP_CHANGED: {
    description: "A SCIM directory renamed a group or changed its externalId; every member's access was derived again.",
    targets: ["group"],
    changes: z.object({ displayName: change(text).optional(), externalId: change(text).optional() }).strict(),
  },
  GROUP_DEPROVISIONED: { description: "A SCIM directory deleted a group; every member left it first.", targets: ["group"], changes: null },
  GROUP_MEMBER_ADDED: {
    description: "A SCIM directory put a person in a group (`changes.group.after`: its displayName); their role and memberships follow from their groups.",
    targets: ["user"],
    changes: z.object({ group: change(text) }).strict(),
  },
  GROUP_MEMBER_REMOVED: {
    description: "A SCIM directory took a person out of a group (`changes.group.before`: its displayName), or deleted the group; their access was derived again.",
    targets: ["user"],
    changes: z.object({ group: change(text) }).strict(),
  },
  SCIM_TOKEN_CREATED: { description: "A SUPER_ADMIN created a SCIM directory token.", targets: ["scim_token"], changes: null },
  SCIM_TOKEN_REVOKED: { description: "A SCIM directory token was revoked.", targets: ["scim_token"], changes: null },
} as const satisfies Record<string, Entry>;

export type AuditEventType = keyof typeof AUDIT_CATALOG;
const isAuditEventType = (name: string): name is AuditEventType => Object.hasOwn(AUDIT_CATALOG, name);
export const AUDIT_EVENT_TYPES: AuditEventType[] = Object.keys(AUDIT_CATALOG).filter(isAuditEventType);

/** A mismatch is a programming error, caught by the tests that exercise each route. */
export function assertCatalogFit(type: AuditEventType, target: AuditTarget, changes: unknown): void {
  const entry: Entry = AUDIT_CATALOG[type];
  if (!entry.targets.includes(target.type)) throw new Error(`Audit ${type} cannot target a ${target.type}.`);
  if (entry.changes === null) {
    if (changes !== null && changes !== undefined) throw new Error(`Audit ${type} records no changes.`);
  } else {
    const parsed = entry.changes.safeParse(changes);
    if (!parsed.success) throw new Error(`Audit ${type} changes do not fit the catalog: ${parsed.error.issues[0]?.message}`);
  }
}
