import type { Deps } from "../deps";
import { fetchJwksDocument, JwksError } from "./jwks-fetch";
import { signingKeysOf } from "./jwks-keys";
import type { ClientPublicKey } from "./public-key";

/**
 * Roster fetches a client's JWKS at most this often, whatever assertions arrive: an unknown `kid`
 * (a key just rotated in) refetches, but a stream of made-up ones cannot make Roster hammer the
 * client's server, nor wait on a slow one at every request.
 */
export const JWKS_REFETCH_INTERVAL_MS = 60_000;
/**
 * How long fetched keys are trusted without a fetch. A key the client took out of its set (it
 * leaked) stops working within this time even if no assertion ever names an unknown `kid`; past
 * it, keys that cannot be fetched again are not used.
 */
export const JWKS_MAX_AGE_MS = 5 * 60_000;

type Entry = {
  uri: string;
  keys: ClientPublicKey[];
  /** Clock times (ms): the last fetch that brought keys, and the last one tried. */
  fetchedAt: number | null;
  attemptedAt: number | null;
  failure: string | null;
  /** The fetch under way: concurrent assertions of one client wait for it rather than start another. */
  pending: Promise<void> | null;
};

export type JwksKeys = { ok: true; keys: ClientPublicKey[] } | { ok: false; reason: string };

/** Per process: a warm Lambda keeps what it fetched; a cold one fetches once. */
const entries = new Map<string, Entry>();

/**
 * The signing keys of a client registered by JWKS URL, from the cache or a fetch. A fetch happens
 * when nothing usable is cached, when the cached keys are past their age, or when the assertion's
 * `kid` is not among them, and never within a minute of the last one (deps.clock's minute).
 */
export async function jwksKeys(deps: Pick<Deps, "clock" | "settings">, clientId: string, uri: string, kid: string | undefined): Promise<JwksKeys> {
  let entry = entries.get(clientId);
  if (!entry || entry.uri !== uri) {
    entry = { uri, keys: [], fetchedAt: null, attemptedAt: null, failure: null, pending: null };
    entries.set(clientId, entry);
  }
  if (entry.pending) await entry.pending;
  const now = deps.clock.now().getTime();
  if (wantsFetch(entry, kid, now) && mayFetch(entry, now)) {
    entry.attemptedAt = now;
    const fetching = refresh(deps, entry, now);
    entry.pending = fetching;
    try {
      await fetching;
    } finally {
      entry.pending = null;
    }
  }
  // A clock set back (corrected) leaves keys fetched "later" fresh, and allows a fetch at once.
  if (entry.fetchedAt !== null && now - entry.fetchedAt < JWKS_MAX_AGE_MS) return { ok: true, keys: entry.keys };
  return { ok: false, reason: entry.failure ?? "the JWKS has not been fetched" };
}

const wantsFetch = (entry: Entry, kid: string | undefined, now: number) =>
  entry.fetchedAt === null || now - entry.fetchedAt >= JWKS_MAX_AGE_MS || (kid !== undefined && !entry.keys.some((key) => key.kid === kid));

const mayFetch = (entry: Entry, now: number) => entry.attemptedAt === null || now - entry.attemptedAt >= JWKS_REFETCH_INTERVAL_MS || now < entry.attemptedAt;

/** Keeps the keys of the last good fetch when this one fails: they stay usable until their age is up. */
async function refresh(deps: Pick<Deps, "settings">, entry: Entry, now: number): Promise<void> {
  try {
    const document = await fetchJwksDocument(entry.uri, { allowLoopback: deps.settings.allowLoopbackFetch, timeoutMs: deps.settings.jwksTimeoutMs });
    entry.keys = await signingKeysOf(document);
    entry.fetchedAt = now;
    entry.failure = null;
  } catch (error) {
    if (!(error instanceof JwksError)) throw error;
    entry.failure = error.message;
  }
}
