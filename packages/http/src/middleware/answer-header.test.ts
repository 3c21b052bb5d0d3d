import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { setAnswerHeader } from "./answer-header";

/** An app whose middleware sets a header after each handler has answered. */
function appWith(route: (app: Hono) => void) {
  const app = new Hono();
  app.use(async (c, next) => {
    await next();
    setAnswerHeader(c, "X-After", "set");
  });
  route(app);
  return app;
}

describe("setAnswerHeader", () => {
  it("sets the header on the answer the handler made, keeping its own", async () => {
    const app = appWith((a) => a.get("/", (c) => c.json({ ok: true }, 201, { "X-Own": "kept" })));
    const res = await app.request("/");
    expect(res.status).toBe(201);
    expect(res.headers.get("X-After")).toBe("set");
    expect(res.headers.get("X-Own")).toBe("kept");
    expect(await res.json()).toEqual({ ok: true });
  });

  it("copies an answer whose headers are frozen rather than failing it", async () => {
    // Response.redirect's headers are immutable: setting one in place throws a TypeError.
    const app = appWith((a) => a.get("/", () => Response.redirect("https://roster.test/next", 302)));
    const res = await app.request("/");
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("https://roster.test/next");
    expect(res.headers.get("X-After")).toBe("set");
  });
});
