import { AuthError, Policy } from "@roster/core";
import { createMiddleware } from "hono/factory";
import type { ConsoleEnv } from "../env";

/**
 * The staff console's tenant pages are for the workspace's people: a client user (whose company's
 * pages are its portal) hears 403 here, whatever tenant they belong to, before anything is read.
 */
export const staffOnly = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (!Policy.can(c.var.principal, "console:staff")) throw AuthError.forbidden();
  await next();
});
