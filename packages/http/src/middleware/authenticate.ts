import { AuthError, Session } from "@roster/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/**
 * Resolves the caller once per request (one DynamoDB round trip); routes read `c.var.principal`.
 * A tenant route names its slug parameter, and the caller's membership of that tenant is read in
 * the same round trip.
 */
export const requireAuth = (options: { tenantParam?: string } = {}) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})\s*$/i.exec(header);
    if (!match) throw AuthError.unauthenticated();
    const tenant = options.tenantParam ? c.req.param(options.tenantParam) : undefined;
    c.set("principal", await Session.authenticate(c.var.deps, match[1]!, { tenant }));
    await next();
  });
