import { createMiddleware } from "hono/factory";
import { setAnswerHeader } from "./answer-header";

/**
 * Nothing Roster answers may be kept by a browser or a proxy unless the route says otherwise:
 * answers carry TOTP seeds, setup links and tokens, and the rest is one person's view of the team.
 * Only public, identical-for-everyone answers (the JWKS, static assets) set a cache policy of their own.
 */
export const noStoreByDefault = () =>
  createMiddleware(async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) setAnswerHeader(c, "Cache-Control", "no-store");
  });
