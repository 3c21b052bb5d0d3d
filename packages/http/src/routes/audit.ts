import { Audit } from "@roster/core";
import { AuditEventSchema, pageOf, problems } from "../schemas";
import { createRoute, jsonResponse, newRouter, signedIn } from "./router";

const listEvents = createRoute({
  method: "get",
  path: "/v1/audit-events",
  operationId: "listAuditEvents",
  tags: ["Audit"],
  summary: "Query the audit trail",
  description:
    "Newest first. Each filter alone reads only matching events; combined filters may return a page shorter than " +
    "`limit` while `nextCursor` is not null: keep paging until it is. `since` is inclusive, `until` exclusive; `until` " +
    "before `since` is 400 `request.invalid`. " +
    "Audit events are never updated or deleted: there is no route that could.\n\n" +
    "SUPER_ADMIN and VIEWER: the whole trail. A CLIENT_ADMIN: the events of its own tenant only, and it must name it with " +
    "`tenant` (without it: 400 `request.invalid`, `errors[0].path` = `tenant`); a tenant it is not a member of is " +
    "404 `tenant.not_found`, as on every tenant route. It sees `context` (IP, user agent, request ids) only of its own " +
    "people's actions (client users'): of staff actions, `context` is null. Everyone else (operators, contractors, " +
    "CLIENT_VIEWERs): 403 `auth.forbidden`.\n\n" +
    "`LOGIN_THROTTLED` is recorded once per throttle window and key, after the window ends, with the number of " +
    "attempts it refused (`changes.refusedAttempts`): refused attempts never write to the trail one by one.",
  // The caller's membership of `?tenant=` is read with the caller: authorization stays in the auth round trip.
  ...signedIn({ tenantQuery: "tenant" }),
  request: { query: Audit.AuditQuery },
  responses: { 200: jsonResponse(pageOf(AuditEventSchema, "AuditEventPage"), "A page of events."), ...problems(400, 401, 403, 404, 503) },
});

export const auditRoutes = newRouter().openapi(listEvents, async (c) =>
  c.json(await Audit.list(c.var.deps, c.var.principal, c.req.valid("query")), 200),
);
