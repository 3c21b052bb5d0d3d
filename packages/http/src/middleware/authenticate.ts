import { AuthError, Session } from "@roster/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/** Resolves the caller once per request (one DynamoDB round trip); routes read `c.var.principal`. */
export const requireAuth = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})\s*$/i.exec(header);
    if (!match) throw AuthError.unauthenticated();
    c.set("principal", await Session.authenticate(c.var.deps, match[1]!));
    await next();
  });
