import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createHmac, timingSafeEqual } from "node:crypto";

/** `__Host-roster_session`: HttpOnly, Secure, SameSite=Lax, Path=/, no Domain (the prefix demands it). */
const NAME = "roster_session";

export const readSessionCookie = (c: Context): string | undefined => getCookie(c, NAME, "host");

export function setSessionCookie(c: Context, cookie: string, expiresAt: string) {
  setCookie(c, NAME, cookie, { prefix: "host", httpOnly: true, secure: true, sameSite: "Lax", path: "/", expires: new Date(expiresAt) });
}

export const clearSessionCookie = (c: Context) => deleteCookie(c, NAME, { prefix: "host", secure: true, path: "/" });

/**
 * The CSRF token of a session: an HMAC of a fixed label keyed by the cookie, so it is bound to
 * that session, needs no storage, and cannot be made by a page that cannot read the cookie
 * (HttpOnly: none can). Every form carries it; every state-changing request must.
 */
export const csrfTokenOf = (cookie: string): string => createHmac("sha256", cookie).update("roster-console-csrf").digest("base64url");

export function csrfMatches(cookie: string, sent: unknown): boolean {
  if (typeof sent !== "string") return false;
  const expected = Buffer.from(csrfTokenOf(cookie));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
