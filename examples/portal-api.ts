import { serve } from "@hono/node-server";
import { requireTenant, rosterAuth, type RosterEnv } from "@roster/verify/hono";
import { Hono } from "hono";

const app = new Hono<RosterEnv>();
app.use("/api/*", rosterAuth({ issuer: process.env.ROSTER_URL ?? "http://127.0.0.1:3000" }));
app.get("/api/me", (c) => c.json(c.get("roster")));
app.get("/api/tenants/:slug/orders", requireTenant((c) => c.req.param("slug")), (c) => c.json({ tenant: c.req.param("slug"), orders: [] }));
app.delete("/api/tenants/:slug/orders/:id", requireTenant((c) => c.req.param("slug"), ["CLIENT_ADMIN"]), (c) => c.body(null, 204));
serve({ fetch: app.fetch, hostname: "127.0.0.1", port: Number(process.env.PORT ?? 4000) }, (info) => console.log(`Portal API on http://127.0.0.1:${info.port}`));
