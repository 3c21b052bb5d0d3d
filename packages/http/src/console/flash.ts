import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Flash } from "./shell";

/**
 * What just happened, carried across the redirect that follows a form (post, redirect, get): a
 * reload then shows the page, not a second submission. A short-lived cookie of this origin, read
 * once by the next page; never in the URL, where a link could put words in Roster's mouth.
 */
const NAME = "roster_flash";

export function redirectWithFlash(c: Context, location: string, flash: Flash) {
  setCookie(c, NAME, JSON.stringify(flash), { prefix: "host", httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: 60 });
  return c.redirect(location, 303);
}

/** The flash left by the form before this page, if any, spent as it is read. */
export function takeFlash(c: Context): Flash | undefined {
  const stored = getCookie(c, NAME, "host");
  if (stored === undefined) return undefined;
  deleteCookie(c, NAME, { prefix: "host", secure: true, path: "/" });
  try {
    const flash: unknown = JSON.parse(stored);
    if (flash && typeof flash === "object" && "kind" in flash && "message" in flash && (flash.kind === "success" || flash.kind === "error") && typeof flash.message === "string") {
      return { kind: flash.kind, message: flash.message };
    }
  } catch {
    // A cookie that is not ours to read: no notice.
  }
  return undefined;
}
