import type { Actor, UserActor } from "./actor";
import { AuthError } from "./error";

/**
 * Who may do what lives in core, next to the actions, not in routes. API clients join here when
 * they exist: a scope check beside the role check.
 */
export function requireSuperAdmin(actor: Actor): asserts actor is UserActor {
  if (actor.type !== "user") throw AuthError.unauthenticated();
  if (actor.role !== "SUPER_ADMIN") throw AuthError.forbidden();
}
