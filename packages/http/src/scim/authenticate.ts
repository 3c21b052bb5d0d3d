import { isDomainError, ScimToken } from "@roster/core";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";
import { scimUnauthorized } from "./error";

/**
 * Resolves the directory a /scim/v2 request comes from, in one DynamoDB round trip: only a
 * directory token (`rscim.…`) is accepted here, and only here (the /v1 API's authentication does not
 * know it). A person's access token or personal access token is refused like a wrong token, so a
 * leaked admin credential cannot drive provisioning, nor a directory's token the admin API.
 */
export const requireDirectory = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,4096})\s*$/i.exec(c.req.header("Authorization") ?? "");
    if (!match) return scimUnauthorized(c);
    try {
      c.set("directory", await ScimToken.authenticate(c.var.deps, match[1]!));
    } catch (error) {
      if (isDomainError(error, "auth.unauthenticated")) return scimUnauthorized(c);
      throw error;
    }
    await next();
  });
