import { z } from "@hono/zod-openapi";
import { createRoute, type ApiTag } from "../routes/router";
import { SCIM_HEADERS, scimError } from "./error";
import { listResponse } from "./list-response";
import { newScimRouter, scimBaseUrl } from "./new-router";
import { directoryAuth, ScimErrorSchema, scimDocument, scimErrors, scimListOf, scimResponse } from "./openapi";
import { resourceTypes } from "./resource-types";
import { coreSchemas } from "./schemas";
import { serviceProviderConfig } from "./service-provider-config";

/*
 * RFC 7644 §4: how a directory learns what this service provider supports. Static documents: what
 * they say changes only with Roster's code.
 */

const tags: ApiTag[] = ["SCIM"];
const security = directoryAuth;

const getServiceProviderConfig = createRoute({
  method: "get",
  path: "/scim/v2/ServiceProviderConfig",
  operationId: "getScimServiceProviderConfig",
  tags,
  summary: "SCIM service provider configuration",
  description: "RFC 7643 §5: PATCH and filters supported (`filter.maxResults`); bulk, sort, ETags and password changes not; bearer token authentication.",
  security,
  responses: { 200: scimResponse(scimDocument("ScimServiceProviderConfig", "RFC 7643 §5."), "The configuration."), ...scimErrors(401, 503) },
});

const listResourceTypes = createRoute({
  method: "get",
  path: "/scim/v2/ResourceTypes",
  operationId: "listScimResourceTypes",
  tags,
  summary: "SCIM resource types",
  description: "RFC 7643 §6: `User` (`/Users`) and `Group` (`/Groups`), as a ListResponse.",
  security,
  responses: { 200: scimResponse(scimListOf("ScimResourceTypeList", "RFC 7644 §3.4.2 ListResponse of RFC 7643 §6 resource types."), "The resource types."), ...scimErrors(401, 503) },
});

const ResourceTypeId = z.object({ id: z.string().max(100).openapi({ param: { name: "id", in: "path" }, example: "User" }) });

const getResourceType = createRoute({
  method: "get",
  path: "/scim/v2/ResourceTypes/{id}",
  operationId: "getScimResourceType",
  tags,
  summary: "One SCIM resource type",
  description: "`User` or `Group`; 404 for any other.",
  security,
  request: { params: ResourceTypeId },
  responses: {
    200: scimResponse(scimDocument("ScimResourceType", "RFC 7643 §6."), "The resource type."),
    404: scimResponse(ScimErrorSchema, "No resource type has this id."),
    ...scimErrors(401, 503),
  },
});

const listSchemas = createRoute({
  method: "get",
  path: "/scim/v2/Schemas",
  operationId: "listScimSchemas",
  tags,
  summary: "SCIM schemas",
  description: "RFC 7643 §7: the core User and Group schemas, with the attributes Roster keeps, as a ListResponse.",
  security,
  responses: { 200: scimResponse(scimListOf("ScimSchemaList", "RFC 7644 §3.4.2 ListResponse of RFC 7643 §7 schemas."), "The schemas."), ...scimErrors(401, 503) },
});

const SchemaId = z.object({
  id: z.string().max(200).openapi({ param: { name: "id", in: "path" }, example: "urn:ietf:params:scim:schemas:core:2.0:User" }),
});

const getSchema = createRoute({
  method: "get",
  path: "/scim/v2/Schemas/{id}",
  operationId: "getScimSchema",
  tags,
  summary: "One SCIM schema",
  description: "By its URN; 404 for any other.",
  security,
  request: { params: SchemaId },
  responses: {
    200: scimResponse(scimDocument("ScimSchema", "RFC 7643 §7."), "The schema."),
    404: scimResponse(ScimErrorSchema, "No schema has this URN."),
    ...scimErrors(401, 503),
  },
});

export const discoveryRoutes = newScimRouter()
  .openapi(getServiceProviderConfig, (c) => c.json(serviceProviderConfig(scimBaseUrl(c)), 200, SCIM_HEADERS))
  .openapi(listResourceTypes, (c) => c.json(listResponse(resourceTypes(scimBaseUrl(c))), 200, SCIM_HEADERS))
  .openapi(getResourceType, (c) => {
    const found = resourceTypes(scimBaseUrl(c)).find((type) => type.id === c.req.valid("param").id);
    return found ? c.json(found, 200, SCIM_HEADERS) : scimError(c, 404, "No such resource type: there are User and Group.");
  })
  .openapi(listSchemas, (c) => c.json(listResponse(coreSchemas(scimBaseUrl(c))), 200, SCIM_HEADERS))
  .openapi(getSchema, (c) => {
    const found = coreSchemas(scimBaseUrl(c)).find((schema) => schema.id === c.req.valid("param").id);
    return found ? c.json(found, 200, SCIM_HEADERS) : scimError(c, 404, "No such schema: there are the core User and Group schemas.");
  });
