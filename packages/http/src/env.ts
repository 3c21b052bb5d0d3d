import type { Deps, RequestContext } from "@roster/core";
import type { Session } from "@roster/core";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** What every handler can read from the context: the ports, the request's identity, the caller. */
export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    requestContext: RequestContext;
    principal: Session.Principal;
    /** Where a route's contract gives a code another status than the shared table (API.md, per route). */
    statusOverrides?: Record<string, ContentfulStatusCode>;
  };
};
