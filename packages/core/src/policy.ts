import type { Actor, Caller, Scope, UserActor } from "./actor";
import { AuthError } from "./error";
import type { Principal } from "./session/authenticate";
import type { UserItem } from "./user/user";

/**
 * Who may do what lives in core, next to the actions, not in routes. A person acts with every
 * right of their role; an API client acts with a role too (see ApiClientActor), and only within
 * the scopes it was given.
 */

export function requireCaller(actor: Actor): asserts actor is Caller {
  if (actor.type !== "user" && actor.type !== "api_client") throw AuthError.unauthenticated();
}

/** A client without the scope hears 403, like a person whose role does not allow the action. */
export function requireScope(actor: Actor, scope: Scope): asserts actor is Caller {
  requireCaller(actor);
  if (actor.type === "api_client" && !actor.scopes.includes(scope)) throw AuthError.forbidden();
}

export function requireSuperAdmin(actor: Actor, scope: Scope): asserts actor is Caller {
  requireScope(actor, scope);
  if (actor.role !== "SUPER_ADMIN") throw AuthError.forbidden();
}

/** Actions no scope grants: what a person does with their own account, or only a person should. */
export function requirePerson(actor: Actor): asserts actor is UserActor {
  requireCaller(actor);
  if (actor.type !== "user") throw AuthError.forbidden();
}

export function requirePersonSuperAdmin(actor: Actor): asserts actor is UserActor {
  requirePerson(actor);
  if (actor.role !== "SUPER_ADMIN") throw AuthError.forbidden();
}

/**
 * Lasting credentials (a personal access token, an API client, a client's new key) are made only by
 * a person signed in with password and authenticator: a stolen token, which carries no MFA behind
 * it, must not be able to mint credentials that outlive it.
 */
export function requireSession(actor: Actor): asserts actor is UserActor & { sessionId: string } {
  requireCaller(actor);
  if (actor.type !== "user" || actor.sessionId === null) throw AuthError.sessionRequired();
}

/**
 * No client gains, through a person it creates or promotes, more than its scopes: a person with
 * SUPER_ADMIN could read the audit trail and register a client with every scope.
 */
export function refuseClientGrantingAdmin(actor: Caller, role: string): void {
  if (actor.type === "api_client" && role === "SUPER_ADMIN") throw AuthError.forbidden();
}

/**
 * Whoever holds a setup link can become that person, so the link goes only by mail when an API
 * client asked for it: a client is never handed a way to act as a person.
 */
export const setupUrlFor = (actor: Caller, setupUrl: string): string | null => (actor.type === "api_client" ? null : setupUrl);

/** A principal that is a person: who they are and their profile as the auth round trip read it. */
export type PersonPrincipal = Principal & { actor: UserActor; user: UserItem };

/** For what a person does with their own account (profile, password, tokens): an API client hears 403. */
export function requirePersonPrincipal(principal: Principal): asserts principal is PersonPrincipal {
  requirePerson(principal.actor);
  if (!principal.user) throw AuthError.forbidden();
}
