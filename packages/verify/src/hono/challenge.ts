import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

/**
 * RFC 6750 §3's answers. The header carries the machine-readable part (realm, error, scope);
 * the JSON body says the same with a description for people, in RFC 6749's shape.
 */
type Challenge = {
  /** Absent when the request carried no bearer token at all (§3.1: then no error code). */
  error?: "invalid_token" | "insufficient_scope";
  /** The scope that would have been enough, for `insufficient_scope`. */
  scope?: string;
  description: string;
};

/** A quoted-string (RFC 9110 §5.6.4): quotes and backslashes escaped. */
const quoted = (value: string) => `"${value.replace(/[\\"]/g, "\\$&")}"`;

// The realm is rosterAuth's option, and the guards after it answer in the same realm: the
// context carries it without making it one of the app's Variables.
const realms = new WeakMap<Context, string>();
export const DEFAULT_REALM = "roster";
export const rememberRealm = (c: Context, realm: string) => void realms.set(c, realm);
const realmOf = (c: Context) => realms.get(c) ?? DEFAULT_REALM;

export function challengeHeader(realm: string, challenge: Pick<Challenge, "error" | "scope">): string {
  const params = [`realm=${quoted(realm)}`];
  if (challenge.error) params.push(`error=${quoted(challenge.error)}`);
  if (challenge.scope) params.push(`scope=${quoted(challenge.scope)}`);
  return `Bearer ${params.join(", ")}`;
}

/** Thrown like Hono's own bearerAuth does, so an app's `onError` can reshape it (`err.getResponse()`). */
export function refusal(c: Context, status: 401 | 403, challenge: Challenge): HTTPException {
  const body = { error: challenge.error ?? "unauthorized", error_description: challenge.description };
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "www-authenticate": challengeHeader(realmOf(c), challenge) },
  });
  return new HTTPException(status, { res, message: challenge.description });
}

/** Roster could not be asked: neither the caller's fault nor a verdict on the token. */
export function unavailable(cause: Error): HTTPException {
  const body = { error: "temporarily_unavailable", error_description: "The token could not be checked with Roster; try again shortly." };
  const res = new Response(JSON.stringify(body), { status: 503, headers: { "content-type": "application/json", "retry-after": "5" } });
  return new HTTPException(503, { res, message: cause.message, cause });
}
