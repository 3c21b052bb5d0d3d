import type { MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { InvalidTokenError, RosterRequestError } from "../errors";
import { createVerifier, type VerifierOptions } from "../verifier";
import { DEFAULT_REALM, refusal, rememberRealm, unavailable } from "./challenge";
import type { RosterEnv } from "./env";

export type RosterAuthOptions = VerifierOptions & {
  /** The realm of the 401 and 403 challenges (RFC 6750); "roster" by default. */
  realm?: string;
};

/** `Bearer <token>`, the scheme case-insensitive (RFC 9110 §11.1). */
const BEARER = /^Bearer +(\S+) *$/i;

/**
 * Hono middleware: the request's `Authorization: Bearer` token must be a valid Roster access
 * token (offline by default, or introspected with `mode: "introspect"`); the routes after it
 * read who it stands for with `c.get("roster")`.
 *
 * No token: 401 with `WWW-Authenticate: Bearer realm="…"`. An invalid one: 401 with
 * `error="invalid_token"`. Roster unreachable (its keys, or its introspection): 503, the cause
 * kept on the HTTPException for the app's `onError`.
 *
 * @example
 * ```ts
 * const app = new Hono<RosterEnv>()
 * app.use('/api/*', rosterAuth({ issuer: 'https://roster.example.com' }))
 * app.get('/api/me', (c) => c.json(c.get('roster')))
 * ```
 */
export function rosterAuth(options: RosterAuthOptions): MiddlewareHandler<RosterEnv> {
  const verify = createVerifier(options);
  const realm = options.realm ?? DEFAULT_REALM;
  return createMiddleware<RosterEnv>(async (c, next) => {
    rememberRealm(c, realm);
    const token = BEARER.exec(c.req.header("Authorization") ?? "")?.[1];
    if (!token) throw refusal(c, 401, { description: "Send a Roster access token: Authorization: Bearer <token>." });
    try {
      c.set("roster", await verify(token));
    } catch (error) {
      if (error instanceof InvalidTokenError) throw refusal(c, 401, { error: "invalid_token", description: error.message });
      if (error instanceof RosterRequestError) throw unavailable(error);
      throw error;
    }
    await next();
  });
}
