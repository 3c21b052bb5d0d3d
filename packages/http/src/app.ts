import type { Deps } from "@roster/core";
import { consoleRoutes } from "./console/router";
import { errorHandler, problem } from "./errors";
import { requireJson, limitBody } from "./middleware/body-guard";
import { requestId, type ClientIp } from "./middleware/request-id";
import { noStoreByDefault } from "./middleware/no-store";
import { securityHeaders } from "./middleware/security-headers";
import { serverTiming } from "./middleware/server-timing";
import { serveOpenApiDocument } from "./openapi-document";
import { pages } from "./pages/router";
import { apiClientRoutes } from "./routes/api-clients";
import { auditRoutes } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { meRoutes } from "./routes/me";
import { membershipRoutes } from "./routes/memberships";
import { newRouter } from "./routes/router";
import { oauthRoutes } from "./routes/oauth";
import { setupRoutes } from "./routes/setup";
import { systemRoutes } from "./routes/system";
import { tenantRoutes } from "./routes/tenants";
import { userRoutes } from "./routes/users";

export type AppOptions = { clientIp: ClientIp };

export const API_ROUTERS = [systemRoutes, setupRoutes, authRoutes, meRoutes, userRoutes, auditRoutes, tenantRoutes, membershipRoutes, apiClientRoutes, oauthRoutes];

/** The whole HTTP surface, the same in Lambda and locally: only `deps` and the IP source differ. */
export function createApp(deps: Deps, options: AppOptions) {
  const app = newRouter();
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

  for (const router of API_ROUTERS) app.route("/", router);
  app.route("/", pages);
  app.route("/", consoleRoutes);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description:
      "An access token from `/v1/auth/login` or `/oauth/token`, or a personal access token. An API client's token reaches a " +
      "route only with its scope: `users:read`/`users:write` (`/v1/users…`), `tenants:read`/`tenants:write` " +
      "(`/v1/tenants`, `/v1/portal`), `memberships:read`/`memberships:write` (`/v1/memberships`, a tenant's memberships " +
      "and invitations), `audit:read` (`/v1/audit-events`), `api-clients:read` (`GET /v1/api-clients…`); `tokens:introspect` is for `POST /oauth/introspect` alone.",
  });
  serveOpenApiDocument(app, { serverTiming: deps.settings.serverTiming }, (c) => ({
    openapi: "3.1.0",
    info: {
      title: "Roster API",
      version: "1.0.0",
      description:
        "Invite-only team and access management. Errors are RFC 9457 `application/problem+json` with a stable `code`. " +
        'Every response carries `X-Request-Id`; `Server-Timing: ddb;desc="calls=N"` counts DynamoDB round trips.',
    },
    servers: [{ url: deps.settings.publicUrl ?? new URL(c.req.url).origin }],
  }));

  app.notFound((c) => problem(c, "route.not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError(errorHandler());
  return app;
}

export type App = ReturnType<typeof createApp>;
