import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { servedRoster, type ServedRoster } from "./served-roster";

/*
 * What the middleware adds to an answer after its handler has made it (request id, Cache-Control,
 * Server-Timing, the policy headers) and the body limit, over a real socket: on the Node adapter
 * an answer and a request are lightweight stand-ins for WHATWG objects, which in-process requests
 * never exercise.
 */
let roster: ServedRoster;
let ownerToken: string;

beforeAll(async () => {
  roster = await servedRoster();
  ownerToken = (await roster.h.owner("owner@served-headers.example")).accessToken;
});
afterAll(async () => {
  await roster?.close();
});

type Sent = { method?: string; headers?: Record<string, string>; chunks?: string[] };
type Got = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** node:http rather than fetch: it sends chunks as chunked transfer coding when no length is set. */
function send(path: string, { method = "GET", headers = {}, chunks = [] }: Sent = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, roster.issuer);
    const req = request(url, { method, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(parts).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const codeOf = (got: Got) => (JSON.parse(got.text) as { code: string }).code;

describe("headers set on the answer after its handler", () => {
  it("an API answer carries its request id, no-store, Server-Timing and the CSP", async () => {
    const got = await send("/v1/users?limit=5", { headers: { authorization: `Bearer ${ownerToken}` } });
    expect(got.status).toBe(200);
    expect(got.headers["x-request-id"]).toMatch(UUID);
    expect(got.headers["cache-control"]).toBe("no-store");
    expect(got.headers["server-timing"]).toMatch(/^ddb;desc="calls=2";dur=[\d.]+, app;dur=[\d.]+$/);
    expect(got.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(got.headers["x-frame-options"]).toBe("DENY");
    expect(JSON.parse(got.text)).toMatchObject({ items: [expect.objectContaining({ email: "owner@served-headers.example" })] });
  });

  it("so does an error answer made by the error handler", async () => {
    const got = await send("/v1/users", { headers: { authorization: "Bearer not-a-token" } });
    expect(got.status).toBe(401);
    expect(got.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(got.headers["x-request-id"]).toMatch(UUID);
    expect(got.headers["cache-control"]).toBe("no-store");
    expect(got.headers["server-timing"]).toMatch(/calls=\d+/);
  });

  it("a route's own Cache-Control is kept", async () => {
    const got = await send("/.well-known/jwks.json");
    expect(got.status).toBe(200);
    expect(got.headers["cache-control"]).toBe("public, max-age=300");
    expect(got.headers["x-request-id"]).toMatch(UUID);
  });

  it("a console page gets the page headers", async () => {
    const got = await send("/console/sign-in");
    expect(got.status).toBe(200);
    expect(got.headers["content-type"]).toMatch(/^text\/html/);
    expect(got.headers["x-content-type-options"]).toBe("nosniff");
    expect(got.headers["x-frame-options"]).toBe("DENY");
    expect(got.headers["content-security-policy"]).toContain("form-action 'self'");
    expect(got.headers["cache-control"]).toBe("no-store");
  });
});

describe("the body limit on a real socket", () => {
  const json = { "content-type": "application/json" };
  const big = JSON.stringify({ token: "a".repeat(70_000) });

  it("a declared length over 64 KiB is refused on the header", async () => {
    const got = await send("/v1/setup/lookup", { method: "POST", headers: { ...json, "content-length": String(Buffer.byteLength(big)) }, chunks: [big] });
    expect([got.status, codeOf(got)]).toEqual([413, "request.too_large"]);
  });

  it("a chunked body is counted as it is read, over the limit refused", async () => {
    const over = await send("/v1/setup/lookup", { method: "POST", headers: json, chunks: [big.slice(0, 40_000), big.slice(40_000)] });
    expect([over.status, codeOf(over)]).toEqual([413, "request.too_large"]);

    const under = JSON.stringify({ token: "a".repeat(100) });
    const read = await send("/v1/setup/lookup", { method: "POST", headers: json, chunks: [under.slice(0, 50), under.slice(50)] });
    // Read whole and judged on its content: the token is well formed but no link's.
    expect(read.status).toBe(404);
  });

  it("a POST with no body at all is a validation error, not a size one", async () => {
    const got = await send("/v1/setup/lookup", { method: "POST" });
    expect(got.status).toBe(400);
    expect(codeOf(got)).toBe("request.invalid");
  });
});
