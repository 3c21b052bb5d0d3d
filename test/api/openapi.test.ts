import { Audit } from "@roster/core";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

/**
 * The OpenAPI document is what code generators and the reference page are built from: every
 * operation named and tagged, its security saying what the route really demands, and the headers
 * the middleware adds documented on every answer that carries them. Each check walks every
 * operation the document has, so a route added later is held to the same.
 */

type Header = { $ref?: string };
type Response = { headers?: Record<string, Header>; content?: Record<string, unknown> };
type Operation = {
  operationId?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
};
type Schema = { $ref?: string; type?: string; enum?: string[]; example?: unknown; properties?: Record<string, Schema> };
type Document = {
  tags?: { name: string; description?: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; headers?: Record<string, { required?: boolean }> };
};

let h: Harness;
let doc: Document;

beforeAll(async () => {
  h = await createHarness();
  const res = await h.call("GET", "/openapi.json");
  expect(res.status).toBe(200);
  doc = res.body;
});

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ method, path, operation, name: `${method.toUpperCase()} ${path}` })),
  );
const responses = () =>
  operations().flatMap(({ name, operation }) => Object.entries(operation.responses).map(([status, response]) => ({ name: `${name} ${status}`, status, response })));

const resolve = (schema: Schema | undefined): Schema | undefined =>
  schema?.$ref ? doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")] : schema;

/** The operations anyone may call without a bearer token (API.md): they say so with `security: []`. */
const PUBLIC = [
  "GET /health",
  "GET /openapi.json",
  "GET /.well-known/jwks.json",
  "GET /.well-known/oauth-authorization-server",
  "GET /v1/setup/password-policy",
  "POST /v1/setup/lookup",
  "POST /v1/setup/totp",
  "POST /v1/setup/complete",
  "POST /v1/auth/login",
  "POST /v1/auth/mfa/enroll",
  "POST /v1/auth/mfa/confirm",
  "POST /v1/auth/refresh",
  "GET /v1/sso/start",
  "GET /v1/sso/callback",
  "POST /oauth/token",
];

const isBearer = (operation: Operation) => (operation.security ?? doc.security ?? []).some((requirement) => "bearerAuth" in requirement);
/** SCIM's routes take a directory token, no person's or client's: their own scheme, and SCIM's error schema. */
const isScim = (path: string) => path.startsWith("/scim/v2/");

describe("the OpenAPI document", () => {
  it("gives every operation a unique camelCase operationId", () => {
    const ids = operations().map(({ name, operation }) => {
      expect(operation.operationId, name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      return operation.operationId;
    });
    expect(ids.length).toBeGreaterThan(40);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    // The names a generated client gets for the team's routes.
    const named = Object.fromEntries(operations().map(({ name, operation }) => [name, operation.operationId]));
    expect(named).toMatchObject({
      "GET /v1/users": "listUsers",
      "POST /v1/users": "inviteUser",
      "GET /v1/users/{id}": "getUser",
      "PUT /v1/users/{id}/role": "changeUserRole",
      "DELETE /v1/users/{id}": "removeUser",
    });
  });

  it("declares its tags with descriptions, and tags every operation with declared ones only", () => {
    const declared = (doc.tags ?? []).map((tag) => tag.name);
    expect(declared.length).toBeGreaterThan(0);
    for (const tag of doc.tags ?? []) expect(tag.description, tag.name).toMatch(/\S/);
    const used = new Set<string>();
    for (const { name, operation } of operations()) {
      expect(operation.tags?.length, `${name} tags`).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) {
        expect(declared, name).toContain(tag);
        used.add(tag);
      }
    }
    // No declared tag groups nothing.
    expect(declared.filter((tag) => !used.has(tag))).toEqual([]);
  });

  it("says `security: []` on the public operations, the directory token on SCIM's and bearer auth on every other", () => {
    const names = operations().map(({ name }) => name);
    for (const name of PUBLIC) expect(names, name).toContain(name);
    for (const { name, path, operation } of operations()) {
      if (PUBLIC.includes(name) || name.startsWith("POST /oauth/")) expect(operation.security, name).toEqual([]);
      else if (isScim(path)) expect(operation.security, name).toEqual([{ directoryToken: [] }]);
      else expect(operation.security ?? doc.security, name).toEqual([{ bearerAuth: [] }]);
    }
  });

  // What the document claims, the routes do: a call without a token is refused exactly where it says bearer auth.
  it("matches what each route answers to a call without a token", async () => {
    for (const { method, path, operation, name } of operations()) {
      const url = path.replace(/\{[^}]+\}/g, "x");
      const form = path.startsWith("/oauth/");
      const res = await h.call(method.toUpperCase(), url, method === "get" || method === "delete" ? {} : form ? { form: {} } : { body: {} });
      if (isScim(path)) {
        expect([res.status, res.body.schemas], name).toEqual([401, ["urn:ietf:params:scim:api:messages:2.0:Error"]]);
        expect(res.headers.get("WWW-Authenticate"), name).toBe('Bearer realm="roster"');
        expect(Object.keys(operation.responses), `${name} documents its 401`).toContain("401");
      } else if (isBearer(operation)) {
        expect([res.status, res.body.code], name).toEqual([401, "auth.unauthenticated"]);
        expect(res.headers.get("WWW-Authenticate"), name).toBe('Bearer realm="roster"');
        expect(Object.keys(operation.responses), `${name} documents its 401`).toContain("401");
      } else {
        expect(res.body.code, name).not.toBe("auth.unauthenticated");
      }
      expect(res.headers.get("X-Request-Id"), name).toMatch(/\S/);
    }
  });

  it("documents X-Request-Id (and Server-Timing, which is on) on every response, as shared components", () => {
    expect(doc.components.headers?.["X-Request-Id"]?.required).toBe(true);
    expect(doc.components.headers?.["Server-Timing"]).toBeDefined();
    for (const { name, response } of responses()) {
      expect(response.headers?.["X-Request-Id"], name).toEqual({ $ref: "#/components/headers/X-Request-Id" });
      expect(response.headers?.["Server-Timing"], name).toEqual({ $ref: "#/components/headers/Server-Timing" });
    }
  });

  it("documents Retry-After on every 429 and 503, and the bearer challenge on every 401 problem", () => {
    const throttled = responses().filter(({ status }) => status === "429" || status === "503");
    expect(throttled.some(({ status }) => status === "429")).toBe(true);
    expect(throttled.some(({ status }) => status === "503")).toBe(true);
    for (const { name, response } of throttled) expect(response.headers?.["Retry-After"], name).toEqual({ $ref: "#/components/headers/Retry-After" });
    for (const { name, status, response } of responses()) {
      if (status !== "429" && status !== "503") expect(response.headers?.["Retry-After"], name).toBeUndefined();
    }
    expect(doc.components.headers?.["Retry-After"]?.required).toBe(true);

    const unauthorized = responses().filter(({ status, response }) => status === "401" && response.content?.["application/problem+json"]);
    expect(unauthorized.length).toBeGreaterThan(0);
    for (const { name, response } of unauthorized) expect(response.headers?.["WWW-Authenticate"], name).toEqual({ $ref: "#/components/headers/WWW-Authenticate" });
  });

  it("lists the audit catalog's event types as AuditEvent.type", () => {
    const type = doc.components.schemas.AuditEvent?.properties?.type;
    expect(type?.enum).toEqual(Audit.AUDIT_EVENT_TYPES);
    expect(type?.enum).toContain(type?.example);
  });

  it("offers an invitation example a person would send: not a SUPER_ADMIN", () => {
    const body = resolve(doc.paths["/v1/users"]?.post?.requestBody?.content["application/json"]?.schema);
    const role = resolve(body?.properties?.role);
    expect(role?.enum).toContain(role?.example);
    expect(role?.example).not.toBe("SUPER_ADMIN");
  });
});

describe("the OpenAPI document of a deployment without Server-Timing", () => {
  it("does not promise the header", async () => {
    const quiet = await createHarness({ env: { ROSTER_SERVER_TIMING: "off" } });
    const res = await quiet.call("GET", "/openapi.json");
    expect(res.headers.get("Server-Timing")).toBeNull();
    const quietDoc: Document = res.body;
    expect(quietDoc.components.headers?.["Server-Timing"]).toBeUndefined();
    const documented = Object.values(quietDoc.paths).flatMap((item) => Object.values(item).flatMap((operation) => Object.values(operation.responses)));
    expect(documented.length).toBeGreaterThan(0);
    for (const response of documented) {
      expect(response.headers?.["X-Request-Id"]).toBeDefined();
      expect(response.headers?.["Server-Timing"]).toBeUndefined();
    }
  });
});
