import { createRoute } from "@hono/zod-openapi";
import { Audit } from "@roster/core";
import { AuditEventSchema, pageOf, problems } from "../schemas";
import { jsonResponse, newRouter, signedIn } from "./router";

const listEvents = createRoute({
  method: "get",
  path: "/v1/audit-events",
  tags: ["Audit"],
  summary: "Query the audit trail",
  description:
    "Newest first. Each filter alone reads only matching events; combined filters may return a page shorter than " +
    "`limit` while `nextCursor` is not null: keep paging until it is. `since` is inclusive, `until` exclusive. " +
    "Audit events are never updated or deleted: there is no route that could.",
  ...signedIn(),
  request: { query: Audit.AuditQuery },
  responses: { 200: jsonResponse(pageOf(AuditEventSchema, "AuditEventPage"), "A page of events."), ...problems(400, 401, 403, 503) },
});

export const auditRoutes = newRouter().openapi(listEvents, async (c) =>
  c.json(await Audit.list(c.var.deps, c.var.principal.actor, c.req.valid("query")), 200),
);
