import { Auth, AuthError, Tenant } from "@roster/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

export type AuthOptions = {
  /** A tenant route names its slug path parameter: the caller's membership of it is read with them. */
  tenantParam?: string;
  /**
   * A route whose tenant comes in the query string (`GET /v1/audit-events?tenant=`): the same, before
   * the route has parsed its query, so authorization still costs the one round trip of authentication.
   */
  tenantQuery?: string;
};

/**
 * Resolves the caller once per request (one DynamoDB round trip); routes read `c.var.principal`.
 * A tenant route names where its slug is, and the caller's membership of that tenant is read in
 * the same round trip. A value that is not a slug scopes nothing (no membership is read, and
 * `principal.membership` stays undefined, which no tenant check accepts): the route's validation
 * then refuses it with 400. Read as a key, over 2,048 bytes it would fail the auth round trip itself.
 */
export const requireAuth = (options: AuthOptions = {}) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})\s*$/i.exec(header);
    if (!match) throw AuthError.unauthenticated();
    const named = options.tenantParam ? c.req.param(options.tenantParam) : options.tenantQuery ? c.req.query(options.tenantQuery) : undefined;
    const tenant = named !== undefined && Tenant.SlugSchema.safeParse(named).success ? named : undefined;
    c.set("principal", await Auth.authenticate(c.var.deps, match[1]!, { tenant }));
    await next();
  });
