/**
 * Who is acting. Resolved once by the auth middleware (or named by a job) and passed to every core
 * function, which checks permissions itself and writes it into the audit event as it is now: the
 * email a user has today may not be the one they had when they acted.
 */
/**
 * Global roles. A VIEWER (the compliance or finance reviewer) reads everything a SUPER_ADMIN reads
 * and changes nothing but its own account; what each role may do is policy/permissions.ts.
 */
export const ROLES = ["SUPER_ADMIN", "VIEWER", "OPERATOR", "CONTRACTOR", "CLIENT_USER"] as const;
export type Role = (typeof ROLES)[number];

/** What an API client may be allowed: each route's action needs one, on top of the role it acts with. */
export const SCOPES = [
  "users:read",
  "users:write",
  "memberships:read",
  "memberships:write",
  "tenants:read",
  "tenants:write",
  "audit:read",
  "api-clients:read",
  "tokens:introspect",
] as const;
export type Scope = (typeof SCOPES)[number];

export type UserActor = { type: "user"; id: string; email: string; role: Role; isOwner: boolean; sessionId: string | null };
/**
 * An API client's request. A DELEGATED client acts for the workspace, as a SUPER_ADMIN would; a
 * USER client acts as its creator, with the role the creator has now. Either way only within its
 * scopes. `accountable` is the person who answers for it: its creator.
 */
export type ApiClientActor = {
  type: "api_client";
  id: string;
  name: string;
  clientType: "DELEGATED" | "USER";
  scopes: readonly Scope[];
  role: Role;
  accountable: { id: string; email: string };
};
export type SystemActor = { type: "system"; id: string; name: string };
/**
 * The workspace's identity provider, acting at a person's sign-in: it creates them, and re-derives
 * their role and memberships from their groups. `name` is the issuer it speaks for.
 */
export type SsoActor = { type: "sso"; id: "sso"; name: string };
/** A SCIM directory, acting with one of its tokens: `id` is the token's id, `name` the name it was given. */
export type DirectoryActor = { type: "directory"; id: string; name: string };
/** Someone not yet signed in: an invitee redeeming a link, a person trying to sign in. */
export type AnonymousActor = { type: "anonymous" };

export type Actor = UserActor | ApiClientActor | SystemActor | SsoActor | DirectoryActor | AnonymousActor;
/** Whoever calls the API with a bearer token: a person, or an API client. */
export type Caller = UserActor | ApiClientActor;

/** The person a change is attributed to in `invitedBy`, `grantedBy`, `createdBy`: the user, or a client's creator. */
export const accountable = (caller: Caller): { id: string; email: string } =>
  caller.type === "user" ? { id: caller.id, email: caller.email } : caller.accountable;

/** How an invitation mail names who sent it: the person's email, or the client's name. */
export const inviterName = (caller: Caller): string => (caller.type === "user" ? caller.email : caller.name);

/** The user whose own account a caller acts as (a person, a USER client's creator); null for a DELEGATED client. */
export const actingUserId = (caller: Caller): string | null =>
  caller.type === "user" ? caller.id : caller.clientType === "USER" ? caller.accountable.id : null;

/**
 * The request an action came from, copied into its audit event. `requestId` is always Roster's own
 * (unique, so an event can be traced to one request); an id the caller sent is kept beside it.
 */
export type RequestContext = { requestId: string; clientRequestId: string | null; ip: string | null; userAgent: string | null };

export const Actor = {
  /** A person, as their profile says now; `sessionId` null when they act without a session (a token, a setup link). */
  user: (user: Pick<UserActor, "id" | "email" | "role" | "isOwner">, sessionId: string | null): UserActor => ({
    type: "user",
    id: user.id,
    email: user.email,
    role: user.role,
    isOwner: user.isOwner,
    sessionId,
  }),
  system: (name: string): SystemActor => ({ type: "system", id: `system:${name}`, name }),
  sso: (issuer: string): SsoActor => ({ type: "sso", id: "sso", name: issuer }),
  directory: (token: { id: string; name: string }): DirectoryActor => ({ type: "directory", id: token.id, name: token.name }),
  anonymous: (): AnonymousActor => ({ type: "anonymous" }),
};
