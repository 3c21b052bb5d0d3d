import { requireDirectory } from "./authenticate";
import { discoveryRoutes } from "./discovery";
import { groupRoutes } from "./groups";
import { scimError } from "./error";
import { scimErrorHandler } from "./error-handler";
import { newScimRouter } from "./new-router";
import { userRoutes } from "./users";

export const SCIM_BASE_PATH = "/scim/v2";

/**
 * What /scim/v2 serves, each a router made with `newScimRouter` whose routes are under
 * SCIM_BASE_PATH and documented with `directoryAuth` and the SCIM tag: the discovery documents,
 * Users and Groups. A resource's handlers read `c.var.directory` for the actor, throw
 * DomainErrors as the /v1 verbs do (answered as SCIM errors here), or answer with `scimError` where
 * SCIM needs a `scimType` (409 `uniqueness`, 400 `invalidFilter`).
 */
const SCIM_ROUTERS = [discoveryRoutes, userRoutes, groupRoutes];

/**
 * The SCIM 2.0 service (RFC 7644): every request authenticated by a directory token first, every
 * answer and error `application/scim+json` in SCIM's shapes, a path that does not exist included.
 * Mounted with the API's routers (api-app.ts), so its routes are in the OpenAPI document.
 */
export const scimRoutes = newScimRouter();
scimRoutes.use(`${SCIM_BASE_PATH}/*`, requireDirectory());
scimRoutes.onError(scimErrorHandler());
for (const router of SCIM_ROUTERS) scimRoutes.route("/", router);
// Last: a SCIM client reads SCIM's error even for a path that does not exist.
scimRoutes.all(`${SCIM_BASE_PATH}/*`, (c) => scimError(c, 404, `No SCIM endpoint ${c.req.method} ${c.req.path}.`));
