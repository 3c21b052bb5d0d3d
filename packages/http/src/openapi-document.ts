import { z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "./env";
import { bearerAuth, createRoute, jsonResponse, TAGS } from "./routes/router";

type Document = ReturnType<OpenAPIHono["getOpenAPI31Document"]>;
type DocumentConfig = Parameters<OpenAPIHono["getOpenAPI31Document"]>[0];

/**
 * The headers the middleware and the error handler put on answers, whatever the route: each is
 * written once here, as a component, and referenced from every response it can appear on.
 */
const HEADERS = {
  "X-Request-Id": {
    description:
      "Roster's own id of this request, on every answer: quote it when reporting a problem; audit events record it. " +
      "An `X-Request-Id` the caller sent is never echoed here (the audit trail keeps it beside Roster's).",
    required: true,
    schema: { type: "string", format: "uuid" },
    example: "0f8e4c1a-3b5d-4e6f-8a9b-7c2d1e0f3a4b",
  },
  "Server-Timing": {
    description: "DynamoDB round trips (`calls=N`, a BatchGet or a transaction is one) and their time, and the whole request's time, in milliseconds.",
    schema: { type: "string" },
    example: 'ddb;desc="calls=2";dur=11.4, app;dur=14.9',
  },
  "Retry-After": {
    description: "Seconds to wait before trying again: until the sign-in throttle's window ends (429), or a short pause while storage is unreachable (503).",
    required: true,
    schema: { type: "integer", minimum: 1 },
    example: 5,
  },
  "WWW-Authenticate": {
    description: 'RFC 6750\'s challenge: `Bearer realm="roster"`, with `error="invalid_token"` when the request presented a token that is no good.',
    required: true,
    schema: { type: "string" },
    example: 'Bearer realm="roster", error="invalid_token"',
  },
  "WWW-Authenticate-Scope": {
    description: 'When an API client\'s token lacks the scope the route needs: `error="insufficient_scope"` and the scope to ask for (RFC 6750).',
    schema: { type: "string" },
    example: 'Bearer realm="roster", error="insufficient_scope", scope="users:write"',
  },
} as const;

type HeaderName = keyof typeof HEADERS;
const ref = (name: HeaderName) => ({ $ref: `#/components/headers/${name}` });

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

/** Which of the shared headers an answer with this status can carry, and under which name. */
function sharedHeaders(status: string, problemAnswer: boolean, bearerSecured: boolean, serverTiming: boolean) {
  const headers: Record<string, { $ref: string }> = { "X-Request-Id": ref("X-Request-Id") };
  if (serverTiming) headers["Server-Timing"] = ref("Server-Timing");
  if (status === "429" || status === "503") headers["Retry-After"] = ref("Retry-After");
  // The error handler challenges on every 401 problem; the token endpoint answers RFC 6749's JSON without one.
  if (status === "401" && problemAnswer) headers["WWW-Authenticate"] = ref("WWW-Authenticate");
  // Only a token can lack a scope, so only routes that take one may name the scope in a 403.
  if (status === "403" && problemAnswer && bearerSecured) headers["WWW-Authenticate"] = ref("WWW-Authenticate-Scope");
  return headers;
}

/** Adds the shared headers to every response of every operation, beside the route's own. */
function withSharedHeaders(document: Document, serverTiming: boolean): Document {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const bearerSecured = (operation.security ?? document.security ?? []).some((requirement) => "bearerAuth" in requirement);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if ("$ref" in response) continue;
        const problemAnswer = response.content?.["application/problem+json"] !== undefined;
        response.headers = { ...sharedHeaders(status, problemAnswer, bearerSecured, serverTiming), ...response.headers };
      }
    }
  }
  return document;
}

const documentRoute = createRoute({
  method: "get",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tags: ["System"],
  security: [],
  summary: "This OpenAPI document",
  description: "OpenAPI 3.1, generated from the routes that serve the API.",
  responses: { 200: jsonResponse(z.looseObject({ openapi: z.string().openapi({ example: "3.1.0" }) }).openapi("OpenApiDocument"), "The document.") },
});

/**
 * Serves the OpenAPI document at `/openapi.json`: the routes' own entries, the declared tags,
 * bearer auth unless a route says otherwise, and the shared headers. `serverTiming`: whether
 * this deployment sends `Server-Timing`, so the document promises it only where it is sent.
 */
export function serveOpenApiDocument(app: OpenAPIHono<AppEnv>, options: { serverTiming: boolean }, configure: (c: Context<AppEnv>) => DocumentConfig) {
  for (const [name, header] of Object.entries(HEADERS)) {
    if (name !== "Server-Timing" || options.serverTiming) app.openAPIRegistry.registerComponent("headers", name, header);
  }
  app.openAPIRegistry.registerPath(documentRoute);
  app.get(documentRoute.path, (c) => {
    const config = configure(c);
    const tags = Object.entries(TAGS).map(([name, description]) => ({ name, description }));
    const document = app.getOpenAPI31Document({ ...config, tags, security: bearerAuth });
    return c.json(withSharedHeaders(document, options.serverTiming));
  });
}
