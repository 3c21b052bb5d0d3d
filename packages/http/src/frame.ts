import type { Deps } from "@roster/core";
import type { Hono } from "hono";
import type { AppEnv } from "./env";
import { errorHandler, problem } from "./errors";
import { requireJson, limitBody } from "./middleware/body-guard";
import { noStoreByDefault } from "./middleware/no-store";
import { requestId, type ClientIp } from "./middleware/request-id";
import { securityHeaders } from "./middleware/security-headers";
import { serverTiming } from "./middleware/server-timing";

export type AppOptions = { clientIp: ClientIp };

/** What every part of the app is built from: the ports and where the caller's IP comes from. */
export type Frame = { deps: Deps; options: AppOptions };

/**
 * A part of the app (app.ts loads each on first use) as a whole app: the middleware every answer
 * goes through, then the part's routes (`mount`), then the 404 and error handlers. Every part is
 * framed the same, so an answer reads the same whichever part gave it.
 */
export function framed<A extends Hono<AppEnv>>(app: A, { deps, options }: Frame, mount: (app: A) => void): A {
  // First, so that every handler, the error handlers included, can reach the ports.
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  app.use(requestId(options.clientIp));
  app.use(serverTiming(deps.settings.serverTiming));
  app.use(securityHeaders());
  app.use(noStoreByDefault());
  app.use(limitBody());
  app.use(requireJson());
  mount(app);
  app.notFound((c) => problem(c, "route.not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError(errorHandler());
  return app;
}
