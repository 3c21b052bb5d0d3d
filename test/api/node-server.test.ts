import { serve } from "@hono/node-server";
import type { Server } from "node:http";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../harness";

/** Through the real Node HTTP server, as curl reaches `npm start`: what app.request() cannot show. */
let h: Harness;
let server: Server;
let port: number;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  token = (await h.owner("owner@node.example")).accessToken;
  server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: h.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started as Server));
  });
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let data = "";
      res.on("data", (chunk) => (data += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe("the API on the Node server", () => {
  it("accepts a POST with no body and no Content-Type (curl -X POST)", async () => {
    const invited = await h.call("POST", "/v1/users", { token, body: { email: "bodyless@node.example", role: "OPERATOR" } });
    const res = await send("POST", `/v1/users/${invited.body.user.id}/setup-token`, { Authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
  });

  it("refuses a body in another media type with 415", async () => {
    const res = await send("POST", "/v1/setup/lookup", { "Content-Type": "text/plain", "Content-Length": "5" }, "hello");
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).code).toBe("request.unsupported_media_type");
  });
});
