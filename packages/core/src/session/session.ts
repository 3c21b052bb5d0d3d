import { constantTimeEqual, isIdShaped, isSecretShaped, newId, newSecret, sha256 } from "../crypto/random";
import type { Deps } from "../deps";
import { Keys } from "../store/keys";
import { putSession, type SessionItem } from "../store/sessions";
import type { GuardedWrite } from "../store/transact";
import type { UserItem } from "../store/users";
import { signAccessToken, type SignedToken } from "../tokens/access-token";
import { reachOf } from "../tokens/reach";

export type { SessionItem };
export type Tokens = { accessToken: string; refreshToken: string; expiresIn: number };

const REFRESH_PREFIX = "rt";

/**
 * A session's credential (a refresh token, the console's cookie) names its user and session, so
 * redeeming it is a key lookup, never a search: `<prefix>.<userId>.<sessionId>.<secret>`.
 */
export const formatSessionCredential = (prefix: string, userId: string, sessionId: string, secret: string) => `${prefix}.${userId}.${sessionId}.${secret}`;

/** The parts of a session's credential, or null for anything that cannot be one (the parts must have the shapes Roster makes). */
export function parseSessionCredential(expectedPrefix: string, credential: string): { userId: string; sessionId: string; secret: string } | null {
  const [prefix, userId, sessionId, secret, ...rest] = credential.split(".");
  if (prefix !== expectedPrefix || !userId || !sessionId || !secret || rest.length) return null;
  if (!isIdShaped(userId) || !isIdShaped(sessionId) || !isSecretShaped(secret)) return null;
  return { userId, sessionId, secret };
}

export const formatRefreshToken = (userId: string, sessionId: string, secret: string) => formatSessionCredential(REFRESH_PREFIX, userId, sessionId, secret);
export const parseRefreshToken = (token: string) => parseSessionCredential(REFRESH_PREFIX, token);

/** Whether a token has a refresh token's shape (it names a session; nothing is checked). */
export const isRefreshToken = (token: string) => parseRefreshToken(token) !== null;

export const refreshMatches = (session: SessionItem, secret: string) => constantTimeEqual(session.refreshHash, sha256(secret));

/** A person's access token: their role and live tenants as the profile holds them, never outliving the first of those to end. */
export function accessTokenFor(deps: Pick<Deps, "signingKey" | "settings">, user: UserItem, sessionId: string, now: Date): Promise<SignedToken> {
  return signAccessToken(deps.signingKey, {
    userId: user.id,
    sessionId,
    ...reachOf(user, now),
    issuer: deps.settings.publicUrl,
    now,
    ttlSeconds: deps.settings.accessTokenTtlSeconds,
  });
}

/** The API's pair for a session: an access token, its lifetime in seconds, and the refresh token. */
export async function tokensFor(deps: Pick<Deps, "signingKey" | "settings">, user: UserItem, sessionId: string, secret: string, now: Date): Promise<Tokens> {
  const access = await accessTokenFor(deps, user, sessionId, now);
  return { accessToken: access.token, refreshToken: formatRefreshToken(user.id, sessionId, secret), expiresIn: access.expiresIn };
}

/** A new session's item write, and what the person is handed for it. */
export type OpenedSession<C> = { write: GuardedWrite; sessionId: string; credentials: C };

/** How a sign-in opens its session: for the API (tokens) or for the console (a cookie). */
export type SessionOpener<C> = (deps: Pick<Deps, "db" | "clock" | "signingKey" | "settings">, user: UserItem) => Promise<OpenedSession<C>>;

export function sessionItem(userId: string, sessionId: string, secret: string, epoch: number | undefined, now: Date, expiresAt: Date): SessionItem {
  return {
    ...Keys.session(userId, sessionId),
    entity: "Session",
    sessionId,
    userId,
    refreshHash: sha256(secret),
    createdAt: now.toISOString(),
    epoch: epoch ?? 0,
    lastRefreshedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ttl: Math.floor(expiresAt.getTime() / 1000),
  };
}

/** An API session for a user who just proved password and code: an access token and a refresh token. */
export const apiSession: SessionOpener<Tokens> = async (deps, user) => {
  const now = deps.clock.now();
  const sessionId = newId("ses");
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + deps.settings.refreshTokenTtlDays * 86400 * 1000);
  return {
    sessionId,
    write: putSession(deps.db, sessionItem(user.id, sessionId, secret, user.sessionEpoch, now, expiresAt)),
    credentials: await tokensFor(deps, user, sessionId, secret, now),
  };
};

/** Whether a session still stands for its user at `now`: not revoked, not expired, not cut by a mass revocation. */
export function sessionIsLive(session: SessionItem | undefined, sessionEpoch: number | undefined, now: Date): session is SessionItem {
  if (!session || session.revokedAt) return false;
  if (Date.parse(session.expiresAt) <= now.getTime()) return false;
  return session.epoch === (sessionEpoch ?? 0);
}
