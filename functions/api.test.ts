import type { LambdaEvent } from "hono/aws-lambda";
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../test/harness";
import { createApiHandler } from "./api";

/** An API Gateway HTTP API (payload 2.0) event, as the catch-all route delivers it. */
function httpApiEvent(
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; sourceIp?: string } = {},
): LambdaEvent {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "api.example.com", "content-type": "application/json", ...(body ? { "content-length": String(body.length) } : {}), ...options.headers },
    requestContext: {
      accountId: "123456789012",
      authentication: null,
      authorizer: {},
      apiId: "api",
      domainName: "api.example.com",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: options.sourceIp ?? "203.0.113.9", userAgent: "test" },
      requestId: "lambda-request",
      routeKey: "$default",
      stage: "$default",
      time: "25/Nov/2026:10:00:00 +0000",
      timeEpoch: Date.now(),
    },
    body: body ?? null,
    isBase64Encoded: false,
  };
}

let h: Harness;
let handler: ReturnType<typeof createApiHandler>;
beforeAll(async () => {
  h = await createHarness();
  handler = createApiHandler(h.deps);
});

describe("the api Lambda", () => {
  it("answers an API Gateway v2 event through the Hono app", async () => {
    const result = await handler(httpApiEvent("GET", "/health"));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: "ok" });
    expect(result.headers?.["x-request-id"]).toBeTruthy();
  });

  it.each([
    ["/assets/setup.js", "text/javascript; charset=utf-8", "setup.js"],
    ["/assets/roster.css", "text/css; charset=utf-8", "roster.css"],
  ])("serves %s as %s, the file as it is", async (path, contentType, file) => {
    const result = await handler(httpApiEvent("GET", path));
    expect(result.statusCode).toBe(200);
    expect(result.headers?.["content-type"]).toBe(contentType);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toBe(await readFile(new URL(`../packages/http/src/pages/assets/${file}`, import.meta.url), "utf8"));
  });

  it("records the caller's IP from API Gateway's sourceIp, not from headers", async () => {
    const result = await handler(
      httpApiEvent("POST", "/v1/auth/login", {
        body: { email: "nobody@example.com", password: "wrong wrong wrong" },
        headers: { "x-forwarded-for": "10.0.0.1" },
        sourceIp: "198.51.100.23",
      }),
    );
    expect(result.statusCode).toBe(401);
    const failed = (await h.auditEvents()).find((e) => e.type === "LOGIN_FAILED");
    expect(failed.context.ip).toBe("198.51.100.23");
  });
});
