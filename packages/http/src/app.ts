import { loadOnce, type Deps } from "@roster/core/start";
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { framed, type AppOptions, type Frame } from "./frame";
import { healthy } from "./routes/health";

export type { AppOptions } from "./frame";

/**
 * The app's parts, each loaded (and built) on the first request for one of its paths: a cold start
 * then loads only the part its request needs, and none of the API's schemas or the console's pages
 * before a request does. Each part's paths are disjoint from the others' (app.test.ts checks every
 * route of each lands in its own part); any other path (/health, a 404) goes to the first part.
 */
export const PARTS = {
  api: {
    serves: (path: string) => ["/v1/", "/oauth/", "/.well-known/", "/scim/"].some((prefix) => path.startsWith(prefix)) || path === "/openapi.json",
    load: async (frame: Frame) => (await import("./api-app")).apiApp(frame),
  },
  pages: {
    serves: (path: string) => path === "/setup" || path === "/docs" || path.startsWith("/assets/"),
    load: async (frame: Frame) => {
      const { pages } = await import("./pages/router");
      return framed(new Hono<AppEnv>(), frame, (app) => app.route("/", pages));
    },
  },
  console: {
    serves: (path: string) => path === "/" || path === "/console" || path.startsWith("/console/") || path.startsWith("/portal/"),
    load: async (frame: Frame) => {
      const { consoleRoutes } = await import("./console/router");
      return framed(new Hono<AppEnv>(), frame, (app) => app.route("/", consoleRoutes));
    },
  },
};

/** Set in the env of a request whose part could not be loaded: the first part throws it to its error handler. */
const LOAD_FAILURE = Symbol("roster.partLoadFailure");

/** The whole HTTP surface, the same in Lambda and locally: only `deps` and the IP source differ. */
export function createApp(deps: Deps, options: AppOptions) {
  const frame = { deps, options };
  const start = framed(new Hono<AppEnv>(), frame, (app) => {
    app.use(async (c, next) => {
      const failure = (c.env as Record<symbol, unknown> | undefined)?.[LOAD_FAILURE];
      if (failure) throw failure;
      await next();
    });
    app.get("/health", healthy);
  });
  const parts = Object.values(PARTS).map((part) => ({ serves: part.serves, app: loadOnce(() => part.load(frame)) }));

  // The front only picks the part: each part is framed whole (middleware, 404, errors), so every
  // answer goes through the same middleware once. c.env carries the runtime's own (API Gateway's
  // event, the Node socket) to the part unchanged.
  const app = new Hono();
  app.all("*", async (c) => {
    const part = parts.find((candidate) => candidate.serves(c.req.path));
    if (!part) return start.fetch(c.req.raw, c.env);
    // A part that cannot load (a chunk missing from the bundle) is a 500 like any other failure,
    // logged with the request's id by the error handler: the first part is framed to answer it.
    const loaded = await part.app().then(
      (partApp) => ({ partApp }),
      (failure: unknown) => ({ failure }),
    );
    if ("failure" in loaded) return start.fetch(c.req.raw, { ...(c.env as object), [LOAD_FAILURE]: loaded.failure });
    return loaded.partApp.fetch(c.req.raw, c.env);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
