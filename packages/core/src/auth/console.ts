import { Actor } from "../actor";
import type { Deps } from "../deps";
import { AuthError } from "../error";
import type { Principal } from "../policy";
import * as Session from "../session";
import { Keys } from "../store/keys";
import { batchGet } from "../store/read";
import { decodeSession, touchConsoleSession } from "../store/sessions";
import { decodeSsoConfig } from "../store/sso";
import { sawEnforced } from "../store/sso-enforcement-seen";
import { isConditionFailed } from "../store/transact";
import { decodeUser } from "../store/users";
import { scopedKeys, scopedMembership, toAccount, type AuthScope } from "./account";

/**
 * The console's caller, and the session its cookie opened (a page's CSRF token is bound to it).
 * `ssoEnforced`: whether single sign-on was enforced as the page was loaded, so a page offers no
 * invitation, nor a role or membership change of someone the provider manages, that the verb would
 * refuse with `sso.managed` (the verb still decides, by its own ConditionCheck).
 */
export type ConsolePrincipal = Principal & { sessionId: string; ssoEnforced: boolean };

/**
 * Resolves the console's cookie to the caller as a bearer token is resolved: the profile, the
 * session and (for a tenant page) the membership in one BatchGet, so a deactivation, an MFA reset,
 * a removal or a role change takes effect on the next page load; the SSO configuration rides in
 * the same BatchGet (see `ssoEnforced`). The session must be a console
 * one, within its absolute lifetime and its idle timeout; now and then the load moves the idle
 * timeout on (one more write, see `needsTouch`).
 */
export async function authenticateConsole(deps: Pick<Deps, "db" | "clock" | "settings">, cookie: string, scope: AuthScope = {}): Promise<ConsolePrincipal> {
  const parsed = Session.parseConsoleCookie(cookie);
  if (!parsed) throw AuthError.unauthenticated();
  const now = deps.clock.now();
  const sessionKey = Keys.session(parsed.userId, parsed.sessionId);
  const items = await batchGet(deps.db, [Keys.user(parsed.userId), sessionKey, Keys.sso(), ...scopedKeys(parsed.userId, scope)]);
  const user = items.get(Keys.user(parsed.userId), decodeUser);
  const session = items.get(sessionKey, decodeSession);
  const ssoEnforced = items.get(Keys.sso(), decodeSsoConfig)?.enforced ?? false;
  // A password sign-in's guess of enforcement (see sso-enforcement-seen.ts) learns from it too.
  sawEnforced(deps.db, ssoEnforced);
  if (!user || user.status !== "ACTIVE" || !user.mfaEnrolled) throw AuthError.unauthenticated();
  if (!Session.isLive(session, user.sessionEpoch, now) || !Session.consoleSessionHolds(session, parsed.secret, deps.settings, now)) throw AuthError.unauthenticated();
  if (Session.needsTouch(session, deps.settings, now)) {
    // Signed out in between: the session is over, and the touch does not bring it back.
    await touchConsoleSession(deps.db, user.id, session.sessionId, now.toISOString()).catch((error: unknown) => {
      throw isConditionFailed(error) ? AuthError.unauthenticated() : error;
    });
  }
  return { actor: Actor.user(user, session.sessionId), account: toAccount(user), membership: scopedMembership(items, user.id, scope), sessionId: session.sessionId, ssoEnforced };
}
