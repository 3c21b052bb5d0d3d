import { constantTimeEqual, sha256 } from "../crypto/random";
import { error } from "../error";
import type { ListedScimToken, ScimTokenItem } from "../store/scim-tokens";

export type { ScimTokenItem };

/** What admins see of a token: never the secret or its hash. */
export type ScimToken = {
  id: string;
  name: string;
  createdAt: string;
  createdBy: { id: string; email: string };
  expiresAt: string | null;
  lastUsedAt: string | null;
};
/** The one answer that shows the secret, right after creation. */
export type CreatedScimToken = ScimToken & { token: string };

export const ScimTokenError = {
  notFound: error("scim_token.not_found", "No SCIM directory token has this id."),
};

// A prefix of its own tells a directory token from a personal access token (`rpat.`) and an access
// token (a JWT) before any parsing, so neither kind is ever looked up as the other, and lets secret
// scanners recognise leaked ones.
const PREFIX = "rscim";
const ID = /^scim_[0-9a-z]{24}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const format = (tokenId: string, secret: string): string => `${PREFIX}.${tokenId}.${secret}`;

export const looksLikeOne = (token: string) => token.startsWith(`${PREFIX}.`);

/** The token's id (its key) and secret, or null for anything that is not a directory token's shape. */
export function parse(token: string): { tokenId: string; secret: string } | null {
  const [prefix, tokenId, secret, ...rest] = token.split(".");
  if (prefix !== PREFIX || !tokenId || !secret || rest.length) return null;
  if (!ID.test(tokenId) || !SECRET.test(secret)) return null;
  return { tokenId, secret };
}

export const matches = (item: ScimTokenItem, secret: string) => constantTimeEqual(item.tokenHash, sha256(secret));

/** Stored, and not expired at `now` (dead from its `expiresAt` on, whether or not TTL has run). */
export const isLive = (item: ScimTokenItem | undefined, now: Date): item is ScimTokenItem =>
  !!item && (item.expiresAt === null || Date.parse(item.expiresAt) > now.getTime());

export const toPublic = (item: ListedScimToken): ScimToken => ({
  id: item.tokenId,
  name: item.name,
  createdAt: item.createdAt,
  createdBy: item.createdBy,
  expiresAt: item.expiresAt,
  lastUsedAt: item.lastUsedAt ?? null,
});
