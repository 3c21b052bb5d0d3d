import { constantTimeEqual, sha256 } from "../crypto/random";
import { error } from "../error";
import type { ListedToken, PersonalTokenItem } from "../store/personal-tokens";

export type { PersonalTokenItem };

/** What the owner sees of a token: never the secret or its hash. */
export type PersonalToken = { id: string; name: string; createdAt: string; expiresAt: string; lastUsedAt: string | null };
/** The one answer that shows the secret, right after creation. */
export type CreatedPersonalToken = { id: string; name: string; token: string; expiresAt: string };

export const PersonalTokenError = {
  notFound: error("token.not_found", "You have no live personal access token with this id."),
};

// A prefix of its own tells a PAT from an access token (a JWT) before any parsing, and lets
// secret scanners recognise leaked ones.
const PREFIX = "rpat";
const ID = /^[0-9a-z]+_[0-9a-z]{1,64}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function format(userId: string, tokenId: string, secret: string): string {
  return `${PREFIX}.${userId}.${tokenId}.${secret}`;
}

export const looksLikeOne = (token: string) => token.startsWith(`${PREFIX}.`);

export function parse(token: string): { userId: string; tokenId: string; secret: string } | null {
  const [prefix, userId, tokenId, secret, ...rest] = token.split(".");
  if (prefix !== PREFIX || !userId || !tokenId || !secret || rest.length) return null;
  if (!ID.test(userId) || !ID.test(tokenId) || !SECRET.test(secret)) return null;
  return { userId, tokenId, secret };
}

export const matches = (item: PersonalTokenItem, secret: string) => constantTimeEqual(item.tokenHash, sha256(secret));

/**
 * Whether a token still stands at `now`: not expired (dead from its `expiresAt` on) and not cut by
 * a mass revocation (a password change, a deactivation and an MFA reset move the user's token epoch on).
 * A revoked token is deleted, so it is simply absent.
 */
export function isLive(item: PersonalTokenItem | undefined, tokenEpoch: number | undefined, now: Date): item is PersonalTokenItem {
  if (!item) return false;
  if (Date.parse(item.expiresAt) <= now.getTime()) return false;
  return item.epoch === (tokenEpoch ?? 0);
}

export const toPublic = (item: ListedToken): PersonalToken => ({ id: item.tokenId, name: item.name, createdAt: item.createdAt, expiresAt: item.expiresAt, lastUsedAt: item.lastUsedAt ?? null });
