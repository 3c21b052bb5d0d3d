import type { Settings } from "../config";
import { constantTimeEqual, newId, newSecret, sha256 } from "../crypto/random";
import { putSession, type SessionItem } from "../store/sessions";
import { formatSessionCredential, parseSessionCredential, sessionItem, type SessionOpener } from "./session";

/** What the console's cookie holds, and until when the browser should keep it. */
export type ConsoleCookie = { cookie: string; expiresAt: string };

const COOKIE_PREFIX = "cs";

/**
 * The console's session: the same item as an API session, beside the profile (so every cut-off,
 * from a deactivation to a role change, reaches it on the next page load), marked `console` and
 * holding the hash of the cookie's secret. It lasts `consoleAbsoluteHours` whatever happens and
 * ends sooner after `consoleIdleMinutes` without a page load. No access or refresh token is ever
 * made for it: the cookie alone is the credential.
 */
export const consoleSession: SessionOpener<ConsoleCookie> = async (deps, user) => {
  const now = deps.clock.now();
  const sessionId = newId("ses");
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + deps.settings.consoleAbsoluteHours * 3_600_000);
  const item: SessionItem = { ...sessionItem(user.id, sessionId, secret, user.sessionEpoch, now, expiresAt), kind: "console", lastSeenAt: now.toISOString() };
  return {
    sessionId,
    write: putSession(deps.db, item),
    credentials: { cookie: formatSessionCredential(COOKIE_PREFIX, user.id, sessionId, secret), expiresAt: item.expiresAt },
  };
};

/** The cookie names its session, so reading it is a key lookup, never a search. */
export const parseConsoleCookie = (cookie: string) => parseSessionCredential(COOKIE_PREFIX, cookie);

/** The console session the cookie's secret opens, still within both of its timeouts at `now`. */
export function consoleSessionHolds(session: SessionItem, secret: string, settings: Pick<Settings, "consoleIdleMinutes">, now: Date): boolean {
  if (session.kind !== "console" || !constantTimeEqual(session.refreshHash, sha256(secret))) return false;
  const lastSeen = Date.parse(session.lastSeenAt ?? session.createdAt);
  return now.getTime() < lastSeen + settings.consoleIdleMinutes * 60_000;
}

/**
 * A page load moves the idle timeout on, but writing on every load would cost each page a round
 * trip: the session is touched only once a sixth of the idle time has gone by (five minutes of
 * the default thirty), so it ends between 25 and 30 minutes after the last page load.
 */
export const needsTouch = (session: SessionItem, settings: Pick<Settings, "consoleIdleMinutes">, now: Date): boolean =>
  now.getTime() - Date.parse(session.lastSeenAt ?? session.createdAt) >= (settings.consoleIdleMinutes * 60_000) / 6;
