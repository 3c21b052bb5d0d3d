import type { Deps, DirectoryActor, Principal, RequestContext } from "@roster/core";

/** What every handler can read from the context: the ports, the request's identity, the caller. */
export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    requestContext: RequestContext;
    principal: Principal;
    /** Under /scim/v2 instead of `principal`: the directory its token stands for (scim/authenticate.ts). */
    directory: DirectoryActor;
    /**
     * Origins a page's form may end up at beyond Roster's own: the sign-in page's Sign in with SSO
     * goes through /v1/sso/start's redirect to the identity provider, and a browser applies the
     * CSP's `form-action` to that redirect too (middleware/security-headers.ts).
     */
    formTargets?: string[];
  };
};
