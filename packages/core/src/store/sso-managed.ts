import { SsoError } from "../sso/sso";
import type { Db } from "./client";
import { absent, equals, or } from "./expression";
import { Keys } from "./keys";
import { Write, type GuardedWrite } from "./transact";

/**
 * Enforced single sign-on, checked where it is decided: inside the verb's own transaction, as a
 * ConditionCheck on the configuration item, so it costs no round trip and a toggle committed
 * meanwhile is never missed.
 */

/** The person's account is the identity provider's (made at an SSO sign-in or by the directory). */
export const isSsoSourced = (user: { source?: string | undefined }) => user.source === "sso" || user.source === "scim";

/** No SSO configuration, or one that is not enforced. */
export const notEnforcedCondition = () => or(absent(), equals("enforced", false))!;

/** SSO is not enforced, as a condition of the transaction; else `onConflict` (409 `sso.managed` by default). */
export const ssoNotEnforced = (db: Db, onConflict: () => Error = SsoError.managed): GuardedWrite =>
  Write.check(db, "sso.notEnforced", Keys.sso(), { condition: notEnforcedCondition(), onConflict });

/** The opposite: there is a configuration and it is enforced; else `onConflict`. */
export const ssoEnforced = (db: Db, onConflict: () => Error): GuardedWrite =>
  Write.check(db, "sso.enforced", Keys.sso(), { condition: equals("enforced", true), onConflict });

/** Changing this person's role or memberships: refused while SSO is enforced if the provider manages them. */
export const unlessManaged = (db: Db, target: { source?: string | undefined }): GuardedWrite[] => (isSsoSourced(target) ? [ssoNotEnforced(db)] : []);
