import { constantTimeEqual, sha256 } from "../crypto/random";
import { DomainError } from "../error";

/**
 * A personal access token: a long-lived bearer credential a user makes for scripts. It sits beside
 * the user's profile (`USER#<id>` / `PAT#<tokenId>`) and the token string names both, so
 * authenticating with it is one BatchGet, like a session. Only the secret's SHA-256 is stored.
 */
export type PersonalTokenItem = {
  pk: string;
  sk: string;
  entity: "PersonalToken";
  tokenId: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: string;
  /** The user's token epoch at creation: a mass revocation moves the user's on and leaves this one dead. */
  epoch: number;
  expiresAt: string;
  /** Absent until first use; then refreshed at most once a minute (see `authenticatePersonalToken`). */
  lastUsedAt?: string;
  ttl: number;
};

/** What the owner sees of a token: never the secret or its hash. */
export type PersonalToken = { id: string; name: string; createdAt: string; expiresAt: string; lastUsedAt: string | null };

/** The one answer that shows the secret, right after creation. */
export type CreatedPersonalToken = { id: string; name: string; token: string; expiresAt: string };

export const PersonalTokenError = {
  notFound: () => new DomainError("token.not_found", "You have no live personal access token with this id."),
};

// A prefix of its own tells a PAT from an access token (a JWT) before any parsing, and lets
// secret scanners recognise leaked ones.
const PREFIX = "rpat";
const ID = /^[0-9a-z]+_[0-9a-z]{1,64}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function formatPersonalToken(userId: string, tokenId: string, secret: string): string {
  return `${PREFIX}.${userId}.${tokenId}.${secret}`;
}

export const looksLikePersonalToken = (token: string) => token.startsWith(`${PREFIX}.`);

export function parsePersonalToken(token: string): { userId: string; tokenId: string; secret: string } | null {
  const [prefix, userId, tokenId, secret, ...rest] = token.split(".");
  if (prefix !== PREFIX || !userId || !tokenId || !secret || rest.length) return null;
  if (!ID.test(userId) || !ID.test(tokenId) || !SECRET.test(secret)) return null;
  return { userId, tokenId, secret };
}

export const personalTokenMatches = (item: PersonalTokenItem, secret: string) => constantTimeEqual(item.tokenHash, sha256(secret));

/**
 * Whether a token still stands at `now`: not expired (dead from its `expiresAt` on) and not cut by
 * a mass revocation (a password change, a deactivation and an MFA reset move the user's token epoch on).
 * A revoked token is deleted, so it is simply absent.
 */
export function personalTokenIsLive(item: PersonalTokenItem | undefined, tokenEpoch: number | undefined, now: Date): item is PersonalTokenItem {
  if (!item) return false;
  if (Date.parse(item.expiresAt) <= now.getTime()) return false;
  return item.epoch === (tokenEpoch ?? 0);
}

export function toPublicPersonalToken(item: PersonalTokenItem): PersonalToken {
  return { id: item.tokenId, name: item.name, createdAt: item.createdAt, expiresAt: item.expiresAt, lastUsedAt: item.lastUsedAt ?? null };
}
