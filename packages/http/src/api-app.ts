import { serveOpenApiDocument } from "./openapi-document";
import { framed, type Frame } from "./frame";
import { apiClientRoutes } from "./routes/api-clients";
import { auditRoutes } from "./routes/audit";
import { authRoutes } from "./routes/auth";
import { meRoutes } from "./routes/me";
import { membershipRoutes } from "./routes/memberships";
import { newRouter } from "./routes/router";
import { oauthRoutes } from "./routes/oauth";
import { setupRoutes } from "./routes/setup";
import { ssoRoutes } from "./routes/sso";
import { systemRoutes } from "./routes/system";
import { tenantRoutes } from "./routes/tenants";
import { userRoutes } from "./routes/users";
import { scimTokenRoutes } from "./routes/scim-tokens";
import { directoryTokenScheme } from "./scim/openapi";
import { scimRoutes } from "./scim/router";

export const API_ROUTERS = [systemRoutes, setupRoutes, authRoutes, meRoutes, userRoutes, auditRoutes, tenantRoutes, membershipRoutes, apiClientRoutes, ssoRoutes, scimTokenRoutes, oauthRoutes, scimRoutes];

/** The JSON API (every route's schemas, the OpenAPI registry) and its document at /openapi.json. */
export function apiApp(frame: Frame) {
  const { settings } = frame.deps;
  return framed(newRouter(), frame, (app) => {
    for (const router of API_ROUTERS) app.route("/", router);
    app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
      type: "http",
      scheme: "bearer",
      description:
        "An access token from `/v1/auth/login` or `/oauth/token`, or a personal access token. An API client's token reaches a " +
        "route only with its scope: `users:read`/`users:write` (`/v1/users…`), `tenants:read`/`tenants:write` " +
        "(`/v1/tenants`, `/v1/portal`), `memberships:read`/`memberships:write` (`/v1/memberships`, a tenant's memberships " +
        "and invitations), `audit:read` (`/v1/audit-events`), `api-clients:read` (`GET /v1/api-clients…`); `tokens:introspect` is for `POST /oauth/introspect` alone.",
    });
    app.openAPIRegistry.registerComponent("securitySchemes", "directoryToken", directoryTokenScheme);
    serveOpenApiDocument(app, { serverTiming: settings.serverTiming }, (c) => ({
      openapi: "3.1.0",
      info: {
        title: "Roster API",
        version: "1.0.0",
        description:
          "Invite-only team and access management. Errors are RFC 9457 `application/problem+json` with a stable `code`. " +
          'Every response carries `X-Request-Id`; `Server-Timing: ddb;desc="calls=N"` counts DynamoDB round trips.',
      },
      servers: [{ url: settings.publicUrl ?? new URL(c.req.url).origin }],
    }));
  });
}
