import type { Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { setAnswerHeader } from "./answer-header";

/**
 * The one page that may apply inline styles: the API reference (Scalar). Scalar writes its theme
 * and its toasts' styles into `<style>` elements and sets `style` attributes from its scripts, all
 * at run time, which neither a nonce (Scalar passes one to its main stylesheet only) nor a hash
 * can cover. Its scripts stay `'self'`: inline styles cannot run code.
 */
export const INLINE_STYLE_PATHS: ReadonlySet<string> = new Set(["/docs"]);

const inlineStyles = (c: Context) => (INLINE_STYLE_PATHS.has(c.req.path) ? "'unsafe-inline'" : "");

/**
 * Strict defaults for an admin surface: no framing, no sniffing, no referrer leaking a setup link,
 * and a CSP that allows only our own scripts and styles (the pages ship no inline code).
 */
export const securityHeaders = () => {
  const headers = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", inlineStyles],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      objectSrc: ["'none'"],
    },
    referrerPolicy: "no-referrer",
    strictTransportSecurity: "max-age=63072000; includeSubDomains",
    xFrameOptions: "DENY",
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });
  // The policy is fixed before the handler runs; a page that named origins for its forms (the
  // sign-in page's identity provider: see `formTargets` in env.ts) gets them added afterwards.
  return createMiddleware<AppEnv>(async (c, next) => {
    await headers(c, next);
    const targets = c.var.formTargets;
    const policy = c.res.headers.get("Content-Security-Policy");
    if (targets?.length && policy) setAnswerHeader(c, "Content-Security-Policy", withFormTargets(policy, targets));
  });
};

/** `policy` whose `form-action` also allows `targets`. */
export const withFormTargets = (policy: string, targets: readonly string[]) => policy.replace(/form-action 'self'\s*/, `form-action 'self' ${targets.join(" ")}`);
