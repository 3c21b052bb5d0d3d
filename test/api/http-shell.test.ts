import { argon2idHasher, createDb, type Deps } from "@roster/core";
import { createApp } from "@roster/http";
import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { createHarness, GOOD_PASSWORD, type Harness } from "../harness";

type Res = Awaited<ReturnType<Harness["call"]>>;

let h: Harness;
let owner: Awaited<ReturnType<Harness["owner"]>>;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.owner();
});

/** Every error is RFC 9457 problem+json with Roster's stable code. */
function expectProblem(res: Res, status: number, code: string) {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({
      type: expect.stringMatching(/\S/),
      title: expect.stringMatching(/\S/),
      status,
      code,
      detail: expect.stringMatching(/\S/),
    }),
  );
}

/** Nothing in a 5xx may look like a stack trace or leak internals. */
function expectNoInternals(res: Res, ...secrets: string[]) {
  const text = typeof res.body === "string" ? res.body : JSON.stringify(res.body);
  expect(text).not.toMatch(/\n\s*at /);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(/);
  expect(text).not.toMatch(/\.(ts|js|mjs|cjs):\d+/);
  expect(text).not.toMatch(/node_modules|node:internal/);
  if (typeof res.body === "object") expect(Object.keys(res.body)).not.toContain("stack");
  for (const secret of secrets) expect(text).not.toContain(secret);
}

function expectSecurityHeaders(res: Res, where: string) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp, `${where}: CSP`).not.toBe("");
  const directives = new Map(
    csp
      .split(";")
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!.toLowerCase(), values] as const;
      }),
  );
  const scripts = directives.get("script-src") ?? directives.get("default-src");
  expect(scripts, `${where}: script-src or default-src`).toBeDefined();
  expect(scripts, `${where}: scripts`).not.toContain("'unsafe-inline'");
  expect(scripts, `${where}: scripts`).not.toContain("'unsafe-eval'");
  expect(scripts, `${where}: scripts`).not.toContain("*");
  expect(res.headers.get("x-content-type-options"), where).toBe("nosniff");
  const frameOptions = res.headers.get("x-frame-options");
  const ancestors = directives.get("frame-ancestors");
  expect(frameOptions === "DENY" || (ancestors?.length === 1 && ancestors[0] === "'none'"), `${where}: framing`).toBe(true);
  expect(res.headers.get("referrer-policy"), where).toBe("no-referrer");
}

/** The same request shape as the harness's `call`, against another app built on other deps. */
function caller(app: ReturnType<typeof createApp>) {
  return async (method: string, path: string, options: { body?: unknown; token?: string } = {}) => {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const response = await app.request(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      body: (text && /json/.test(response.headers.get("Content-Type") ?? "") ? JSON.parse(text) : text) as any,
      calls: Number(/calls=(\d+)/.exec(response.headers.get("Server-Timing") ?? "")?.[1] ?? NaN),
    };
  };
}

const SANE_GENERATED_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const WELL_FORMED_SETUP_TOKEN = "A".repeat(43);

describe("X-Request-Id", () => {
  it("is on every response: 200, 4xx, 401, 404", async () => {
    const responses = [
      await h.call("GET", "/health"),
      await h.call("POST", "/v1/auth/refresh", { body: {} }),
      await h.call("GET", "/v1/me"),
      await h.call("GET", "/v1/no-such-route"),
      await h.call("POST", "/v1/setup/lookup", { raw: "{" }),
      await h.call("GET", "/setup"),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 400, 401, 404, 400, 200]);
    const ids = responses.map((r) => r.headers.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(SANE_GENERATED_ID);
    // Each request gets its own.
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is always Roster's own, also when the caller sends one: a sane one is kept beside it, in the audit context", async () => {
    for (const id of ["req-12345678", "trace:abc.DEF_9-0", "0123456789abcdef0123456789abcdef", "x".repeat(128)]) {
      const ok = await h.call("GET", "/health", { headers: { "X-Request-Id": id } });
      expect(ok.headers.get("x-request-id")).toMatch(SANE_GENERATED_ID);
      expect(ok.headers.get("x-request-id")).not.toBe(id);
      const notFound = await h.call("GET", "/nope", { headers: { "X-Request-Id": id } });
      expect(notFound.headers.get("x-request-id")).toMatch(SANE_GENERATED_ID);
    }
    // Two audited requests claiming one id: each event names its own request, and keeps what was claimed beside it.
    const claimed = "spoofed-request-id-0001";
    const attempts = await Promise.all(
      [1, 2].map(() => h.call("POST", "/v1/auth/login", { body: { email: "ghost@example.com", password: "nope nope nope" }, headers: { "X-Request-Id": claimed } })),
    );
    const events = (await h.auditEvents()).filter((e) => e.type === "LOGIN_FAILED" && e.context.clientRequestId === claimed);
    expect(events).toHaveLength(2);
    expect(new Set(events.map((e) => e.context.requestId))).toEqual(new Set(attempts.map((r) => r.headers.get("x-request-id"))));
  });

  it("drops an unsafe incoming id: replaced in the answer, and never stored", async () => {
    for (const id of ["has spaces in it", "y".repeat(129), "abc<script>alert(1)</script>", "line\tbreak-ish-id", "ok-but-\"quoted\""]) {
      const res = await h.call("GET", "/health", { headers: { "X-Request-Id": id } });
      const echoed = res.headers.get("x-request-id");
      expect(echoed, JSON.stringify(id)).not.toBe(id);
      expect(echoed).toMatch(SANE_GENERATED_ID);
    }
    const res = await h.call("POST", "/v1/auth/login", { body: { email: "ghost2@example.com", password: "nope nope nope" }, headers: { "X-Request-Id": "abc<script>" } });
    const event = (await h.auditEvents()).find((e) => e.context.requestId === res.headers.get("x-request-id"));
    expect(event.context.clientRequestId).toBeNull();
  });
});

describe("Server-Timing", () => {
  const FORM = /^ddb;desc="calls=(\d+)";dur=(\d+(?:\.\d+)?), app;dur=(\d+(?:\.\d+)?)$/;

  it("has the documented form, calls=0 on /health", async () => {
    const res = await h.call("GET", "/health");
    const timing = res.headers.get("server-timing") ?? "";
    expect(timing).toMatch(FORM);
    const [, calls, ddbDur, appDur] = FORM.exec(timing)!;
    expect(calls).toBe("0");
    expect(Number(ddbDur)).toBe(0);
    expect(Number(appDur)).toBeGreaterThanOrEqual(0);
  });

  it("counts round trips on authenticated requests and is present on errors too", async () => {
    const me = await h.call("GET", "/v1/me", { token: owner.accessToken });
    expect(me.status).toBe(200);
    expect(me.headers.get("server-timing")).toMatch(FORM);
    expect(me.calls).toBeGreaterThanOrEqual(1);
    expect(me.calls).toBeLessThanOrEqual(2);
    // The DynamoDB share of the time cannot exceed the whole.
    const [, , ddbDur, appDur] = FORM.exec(me.headers.get("server-timing")!)!;
    expect(Number(ddbDur)).toBeLessThanOrEqual(Number(appDur) + 0.1);

    for (const res of [await h.call("GET", "/nope"), await h.call("POST", "/v1/auth/refresh", { body: {} }), await h.call("GET", "/v1/me")]) {
      expect(res.headers.get("server-timing")).toMatch(FORM);
      expect(res.calls).toBe(0);
    }
  });
});

describe("request errors", () => {
  it("malformed JSON → 400 request.malformed", async () => {
    for (const path of ["/v1/setup/lookup", "/v1/auth/login", "/v1/auth/refresh"]) {
      for (const raw of ['{"token": ', "{token: 'x'}", "not json at all"]) {
        const res = await h.call("POST", path, { raw });
        expectProblem(res, 400, "request.malformed");
      }
    }
    const authed = await h.call("POST", "/v1/users", { token: owner.accessToken, raw: '{"email":' });
    expectProblem(authed, 400, "request.malformed");
  });

  it("schema violation → 400 request.invalid with errors [{path, message}]", async () => {
    const wrongType = await h.call("POST", "/v1/setup/lookup", { body: { token: 5 } });
    expectProblem(wrongType, 400, "request.invalid");
    expect(wrongType.body.errors).toEqual([{ path: "token", message: expect.stringMatching(/\S/) }]);

    const login = await h.call("POST", "/v1/auth/login", { body: { totpCode: "12345" } });
    expectProblem(login, 400, "request.invalid");
    expect(Array.isArray(login.body.errors)).toBe(true);
    for (const error of login.body.errors) expect(error).toEqual({ path: expect.any(String), message: expect.stringMatching(/\S/) });
    expect(login.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "password", "totpCode"]);

    const invite = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "new@example.com", role: "EMPEROR" } });
    expectProblem(invite, 400, "request.invalid");
    expect(invite.body.errors.map((e: { path: string }) => e.path)).toEqual(["role"]);

    // Valid JSON that is not an object at all.
    const array = await h.call("POST", "/v1/setup/lookup", { body: [] });
    expectProblem(array, 400, "request.invalid");
    expect(array.body.errors.length).toBeGreaterThan(0);
  });

  it("body over 64 KiB → 413 request.too_large, declared or counted", async () => {
    const big = JSON.stringify({ token: "a".repeat(70_000) });
    // With an honest Content-Length.
    const declared = await h.call("POST", "/v1/setup/lookup", { raw: big, headers: { "Content-Length": String(Buffer.byteLength(big)) } });
    expectProblem(declared, 413, "request.too_large");
    // Without one: the bytes actually read are counted.
    const counted = await h.call("POST", "/v1/setup/lookup", { body: { token: "a".repeat(70_000) } });
    expectProblem(counted, 413, "request.too_large");
    // Also before authentication on an authenticated route.
    const authed = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "x@example.com", role: "OPERATOR", pad: "p".repeat(70_000) } });
    expectProblem(authed, 413, "request.too_large");

    // Just under the limit is read and judged on its content instead.
    const under = JSON.stringify({ token: "a".repeat(60_000) });
    const fine = await h.call("POST", "/v1/setup/lookup", { raw: under, headers: { "Content-Length": String(Buffer.byteLength(under)) } });
    expectProblem(fine, 400, "request.invalid");
    expect(fine.body.errors[0].path).toBe("token");
  });

  it("unknown route → 404 route.not_found", async () => {
    for (const [method, path] of [
      ["GET", "/v1/does-not-exist"],
      ["POST", "/v1/does-not-exist"],
      ["GET", "/v2"],
      ["DELETE", "/v2/me"],
    ] as const) {
      const res = await h.call(method, path, method === "POST" ? { body: {} } : {});
      expectProblem(res, 404, "route.not_found");
    }
  });

  it("a text/plain body → 415 request.unsupported_media_type", async () => {
    const body = JSON.stringify({ refreshToken: "whatever" });
    const withLength = await h.call("POST", "/v1/auth/refresh", {
      raw: body,
      headers: { "Content-Type": "text/plain", "Content-Length": String(Buffer.byteLength(body)) },
    });
    expectProblem(withLength, 415, "request.unsupported_media_type");

    // The same body as `app.request` sends it (no Content-Length header of its own).
    const plain = await h.call("POST", "/v1/auth/refresh", { raw: body, headers: { "Content-Type": "text/plain" } });
    expectProblem(plain, 415, "request.unsupported_media_type");

    const form = await h.call("POST", "/v1/setup/lookup", {
      raw: "token=abc",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "9" },
    });
    expectProblem(form, 415, "request.unsupported_media_type");

    // JSON with parameters or a +json suffix is still JSON.
    const charset = await h.call("POST", "/v1/auth/refresh", { raw: body, headers: { "Content-Type": "application/json; charset=utf-8" } });
    expectProblem(charset, 401, "auth.invalid_refresh");
  });
});

describe("security headers", () => {
  it("are on JSON answers, errors and the HTML pages", async () => {
    const health = await h.call("GET", "/health");
    expect(health.headers.get("content-type")).toMatch(/^application\/json/);
    expectSecurityHeaders(health, "/health");
    expectSecurityHeaders(await h.call("GET", "/v1/me", { token: owner.accessToken }), "/v1/me");
    expectSecurityHeaders(await h.call("GET", "/nope"), "404");
    expectSecurityHeaders(await h.call("POST", "/v1/auth/login", { raw: "{" }), "400");

    const setup = await h.call("GET", "/setup");
    expect(setup.status).toBe(200);
    expect(setup.headers.get("content-type")).toMatch(/^text\/html/);
    expectSecurityHeaders(setup, "/setup");

    const docs = await h.call("GET", "/docs");
    expectSecurityHeaders(docs, "/docs");
  });
});

describe("system routes", () => {
  it("GET /health → {status: ok}", async () => {
    const res = await h.call("GET", "/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("GET /openapi.json is OpenAPI 3.1 with every implemented route, body schemas and bearerAuth", async () => {
    const res = await h.call("GET", "/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });

    const routes: [string, string][] = [
      ["post", "/v1/setup/lookup"],
      ["post", "/v1/setup/totp"],
      ["post", "/v1/setup/complete"],
      ["post", "/v1/auth/login"],
      ["post", "/v1/auth/refresh"],
      ["post", "/v1/auth/logout"],
      ["get", "/v1/me"],
      ["post", "/v1/users"],
      ["get", "/health"],
      ["get", "/.well-known/jwks.json"],
    ];
    for (const [method, path] of routes) expect(doc.paths?.[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();

    const resolve = (schema: { $ref?: string } | undefined) => {
      if (!schema?.$ref) return schema;
      const name = schema.$ref.replace("#/components/schemas/", "");
      return doc.components?.schemas?.[name];
    };
    const bodies: Record<string, string[]> = {
      "/v1/setup/lookup": ["token"],
      "/v1/setup/totp": ["token"],
      "/v1/setup/complete": ["token", "displayName", "password", "totpCode"],
      "/v1/auth/login": ["email", "password"],
      "/v1/auth/refresh": ["refreshToken"],
      "/v1/users": ["email", "role"],
    };
    for (const [path, required] of Object.entries(bodies)) {
      const body = doc.paths[path].post.requestBody;
      expect(body, `${path} requestBody`).toBeDefined();
      const schema = resolve(body.content?.["application/json"]?.schema);
      expect(schema, `${path} schema`).toBeDefined();
      expect(schema.type, path).toBe("object");
      for (const field of required) {
        expect(Object.keys(schema.properties ?? {}), `${path} properties`).toContain(field);
        expect(schema.required ?? [], `${path} required`).toContain(field);
      }
    }
    expect(Object.keys(resolve(doc.paths["/v1/auth/login"].post.requestBody.content["application/json"].schema).properties)).toContain("totpCode");

    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    for (const [method, path] of [
      ["get", "/v1/me"],
      ["post", "/v1/auth/logout"],
      ["post", "/v1/users"],
    ]) {
      expect(doc.paths[path!][method!].security, `${method} ${path} security`).toEqual(expect.arrayContaining([{ bearerAuth: [] }]));
    }
    // Public routes do not demand a token.
    for (const path of ["/v1/auth/login", "/v1/setup/lookup"]) {
      expect(doc.paths[path].post.security ?? doc.security ?? []).not.toEqual(expect.arrayContaining([{ bearerAuth: [] }]));
    }
  });

  it("GET /docs → 200 HTML; the app's CSP lets that page alone apply inline styles (Scalar's), and keeps scripts and connections on the origin", async () => {
    const res = await h.call("GET", "/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.body).toMatch(/<html/i);
    const directive = (csp: string | null, name: string) => csp?.split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
    const docsCsp = res.headers.get("content-security-policy");
    expect(directive(docsCsp, "style-src")).toBe("style-src 'self' 'unsafe-inline'");
    expect(directive(docsCsp, "script-src")).toBe("script-src 'self'");
    expect(directive(docsCsp, "connect-src")).toBe("connect-src 'self'");
    for (const path of ["/setup", "/health", "/docs/"]) {
      const other = await h.call("GET", path);
      expect(directive(other.headers.get("content-security-policy"), "style-src"), path).toBe("style-src 'self'");
    }
  });
});

describe("failures on our side", () => {
  async function closedPort() {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    return port;
  }

  it("storage unreachable → 503 service.unavailable, promptly, without internals", async () => {
    const port = await closedPort();
    const deps: Deps = {
      ...h.deps,
      db: createDb({
        table: "x",
        endpoint: `http://127.0.0.1:${port}`,
        region: "us-east-1",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    };
    const call = caller(createApp(deps, { clientIp: () => "192.0.2.9" }));

    const started = performance.now();
    const lookup = await call("POST", "/v1/setup/lookup", { body: { token: WELL_FORMED_SETUP_TOKEN } });
    const lookupMs = performance.now() - started;
    expectProblem(lookup, 503, "service.unavailable");
    expectNoInternals(lookup, "ECONNREFUSED", String(port), "127.0.0.1");
    expect(lookup.headers.get("x-request-id")).toMatch(SANE_GENERATED_ID);
    expect(lookupMs, "503 should come fast, not after long SDK retries").toBeLessThan(5_000);
    expect(lookup.headers.get("retry-after")).toMatch(/^\d+$/);
    expectSecurityHeaders(lookup, "503");
    // Retries of one command are one round trip.
    expect(lookup.calls).toBe(1);

    const login = await call("POST", "/v1/auth/login", { body: { email: owner.email, password: "whatever-password", totpCode: "123456" } });
    expectProblem(login, 503, "service.unavailable");
    expectNoInternals(login, "ECONNREFUSED", String(port));

    // A valid access token: authentication needs storage too.
    const me = await call("GET", "/v1/me", { token: owner.accessToken });
    expectProblem(me, 503, "service.unavailable");
    expectNoInternals(me, "ECONNREFUSED", String(port));

    // Unaffected routes keep answering.
    expect((await call("GET", "/health")).status).toBe(200);
  });

  it("an unexpected error → 500 internal.error without a stack trace or the error's message", async () => {
    const message = "kaboom: secret internals /srv/roster/hasher.ts:42";
    const deps: Deps = {
      ...h.deps,
      passwords: {
        ...argon2idHasher,
        hash: async () => {
          throw new Error(message);
        },
      },
    };
    const broken = caller(createApp(deps, { clientIp: () => "192.0.2.10" }));

    const invited = await h.call("POST", "/v1/users", { token: owner.accessToken, body: { email: "boom@example.com", role: "OPERATOR" } });
    expect(invited.status).toBe(201);
    const token = h.tokenOf(invited.body.setupUrl);
    const totp = await broken("POST", "/v1/setup/totp", { body: { token } });
    expect(totp.status).toBe(200);
    const secret = totp.body.secret as string;

    const res = await broken("POST", "/v1/setup/complete", {
      body: { token, displayName: "Boom", password: GOOD_PASSWORD, totpCode: h.nextCode(secret) },
    });
    expectProblem(res, 500, "internal.error");
    expectNoInternals(res, message, "kaboom", "hasher");
    expect(JSON.stringify(res.body)).not.toMatch(/\bError:/);
    // The detail lets a user quote the request, and that id is the response's.
    const requestId = res.headers.get("x-request-id")!;
    expect(requestId).toMatch(SANE_GENERATED_ID);
    expect(res.body.detail).toContain(requestId);
    expectSecurityHeaders(res, "500");
    expect(res.headers.get("server-timing")).toMatch(/^ddb;desc="calls=\d+";dur=[\d.]+, app;dur=[\d.]+$/);

    // Nothing was consumed: the invitation still works on a healthy app.
    const lookup = await h.call("POST", "/v1/setup/lookup", { body: { token } });
    expect(lookup.status).toBe(200);
    expect(lookup.body.email).toBe("boom@example.com");
    const done = await h.call("POST", "/v1/setup/complete", {
      body: { token, displayName: "Boom", password: GOOD_PASSWORD, totpCode: h.nextCode(secret) },
    });
    expect(done.status).toBe(200);
    expect(done.body.user).toMatchObject({ email: "boom@example.com", status: "ACTIVE" });
  });
});
