import type { Deps, Principal, RequestContext } from "@roster/core";

/** What every handler can read from the context: the ports, the request's identity, the caller. */
export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    requestContext: RequestContext;
    principal: Principal;
  };
};
