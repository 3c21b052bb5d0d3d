/**
 * Who is acting. Resolved once by the auth middleware (or named by a job) and passed to every core
 * function, which checks permissions itself and writes it into the audit event as it is now: the
 * email a user has today may not be the one they had when they acted.
 */
export type Role = "SUPER_ADMIN" | "OPERATOR" | "CONTRACTOR" | "CLIENT_USER";
export const ROLES = ["SUPER_ADMIN", "OPERATOR", "CONTRACTOR", "CLIENT_USER"] as const satisfies readonly Role[];

export type UserActor = { type: "user"; id: string; email: string; role: Role; isOwner: boolean; sessionId: string | null };
export type ApiClientActor = { type: "api_client"; id: string; name: string; scopes: string[] };
export type SystemActor = { type: "system"; id: string; name: string };
/** Someone not yet signed in: an invitee redeeming a link, a person trying to sign in. */
export type AnonymousActor = { type: "anonymous" };

export type Actor = UserActor | ApiClientActor | SystemActor | AnonymousActor;

/** The request an action came from, copied into its audit event. */
export type RequestContext = { requestId: string; ip: string | null; userAgent: string | null };

export const Actor = {
  system: (name: string): SystemActor => ({ type: "system", id: `system:${name}`, name }),
  anonymous: (): AnonymousActor => ({ type: "anonymous" }),
};
