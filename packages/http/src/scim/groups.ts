import { z } from "@hono/zod-openapi";
import { Scim } from "@roster/core";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { createRoute, type ApiTag } from "../routes/router";
import { SCIM_HEADERS } from "./error";
import { listResponse } from "./list-response";
import { newScimRouter, scimBaseUrl } from "./new-router";
import { directoryAuth, scimBody, scimDocument, scimErrors, scimListOf, scimResponse } from "./openapi";

/*
 * RFC 7644 §3 on /scim/v2/Groups, as Okta (Group Push) and Microsoft Entra ID use it. Thin: parse,
 * call Scim's verbs with the directory as the actor, shape the answer as RFC 7643 §4.2 Groups.
 */

const tags: ApiTag[] = ["SCIM"];
const security = directoryAuth;

const GroupId = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "grp_01jq3v9k2m4p6r8s0t2v4w6x" }) });
const ScimGroup = scimDocument("ScimGroup", "RFC 7643 §4.2 Group: `id`, `externalId`, `displayName`, `members` (each `{value: <User id>, $ref, type}`), `meta`.");

const mapping =
  "A group's members get the role and memberships the SSO mapping (`PUT /v1/sso`) gives a group named by its `displayName` or its `externalId` " +
  "(Entra ID's ID tokens name groups by object id), derived again from all their groups at each change, as at each SSO sign-in: promoted, " +
  "demoted, tenants granted and revoked, each audited with the directory as actor. Groups that map to no role leave a person CLIENT_USER " +
  "without tenants (deactivation is the User's `active: false`). The owner's access, and that of people invited in Roster, is never changed by it.";
const perMember =
  "Each member who joins or leaves is a transaction of their own (the group's own change comes first): re-sending a request that was cut short completes it.";

const createGroup = createRoute({
  method: "post",
  path: "/scim/v2/Groups",
  operationId: "createScimGroup",
  tags,
  summary: "Provision a group",
  description:
    `RFC 7644 §3.3. A \`displayName\` another group has (compared case-insensitively) is 409 \`uniqueness\`; a member who is not a person of the workspace is ` +
    `400 \`invalidValue\`, before anything is written. Recorded as \`GROUP_PROVISIONED\`, each member as \`GROUP_MEMBER_ADDED\`. ${mapping}`,
  security,
  request: { body: scimBody(Scim.ScimGroupInput, "RFC 7643 §4.2 Group.") },
  responses: { 201: scimResponse(ScimGroup, "Provisioned."), ...scimErrors(400, 401, 409, 503) },
});

const projection = Scim.ScimProjectionQuery;

const listGroups = createRoute({
  method: "get",
  path: "/scim/v2/Groups",
  operationId: "listScimGroups",
  tags,
  summary: "Find groups",
  description:
    "RFC 7644 §3.4.2. `filter`: `eq` on `displayName` (case-insensitive, one read) or `externalId` (exact), joined by `and`; anything else is 400 " +
    "`invalidFilter`. `startIndex` (1-based) and `count` (at most 100) page; `totalResults` is exact. `excludedAttributes=members` spares reading members.",
  security,
  request: { query: Scim.ScimListQuery },
  responses: { 200: scimResponse(scimListOf("ScimGroupList", "RFC 7644 §3.4.2 ListResponse of Groups."), "The groups found."), ...scimErrors(400, 401, 503) },
});

const getGroup = createRoute({
  method: "get",
  path: "/scim/v2/Groups/{id}",
  operationId: "getScimGroup",
  tags,
  summary: "One group",
  description: "With its members unless `excludedAttributes=members` (what Entra ID asks for).",
  security,
  request: { params: GroupId, query: projection },
  responses: { 200: scimResponse(ScimGroup, "The group."), ...scimErrors(400, 401, 404, 503) },
});

const replaceGroup = createRoute({
  method: "put",
  path: "/scim/v2/Groups/{id}",
  operationId: "replaceScimGroup",
  tags,
  summary: "Replace a group",
  description: `RFC 7644 §3.5.1: \`displayName\`, \`externalId\` and \`members\` as sent (absent \`members\`: none). A rename is \`GROUP_CHANGED\`. ${perMember} ${mapping}`,
  security,
  request: { params: GroupId, body: scimBody(Scim.ScimGroupInput, "RFC 7643 §4.2 Group.") },
  responses: { 200: scimResponse(ScimGroup, "The group as it is now."), ...scimErrors(400, 401, 404, 409, 503) },
});

const patchGroup = createRoute({
  method: "patch",
  path: "/scim/v2/Groups/{id}",
  operationId: "patchScimGroup",
  tags,
  summary: "Change a group",
  description:
    "RFC 7644 §3.5.2 PatchOp, as Okta and Entra ID send it: `add`/`remove` on `members` with a list of `{value}` (ops in any case), `remove` on " +
    '`members[value eq "<User id>"]`, `replace` on `members`, `displayName` or `externalId`, or a value object without a path (its `id` ignored). ' +
    `${perMember} ${mapping}`,
  security,
  request: { params: GroupId, body: scimBody(Scim.ScimPatchInput, "RFC 7644 §3.5.2 PatchOp.") },
  responses: { 200: scimResponse(ScimGroup, "The group as it is now."), ...scimErrors(400, 401, 404, 409, 503) },
});

const deleteGroup = createRoute({
  method: "delete",
  path: "/scim/v2/Groups/{id}",
  operationId: "deleteScimGroup",
  tags,
  summary: "Remove a group",
  description: `Every member leaves it (their access derived again without it; \`GROUP_MEMBER_REMOVED\`), then it goes (\`GROUP_DEPROVISIONED\`). ${perMember}`,
  security,
  request: { params: GroupId },
  responses: { 204: { description: "Removed." }, ...scimErrors(401, 404, 503) },
});

type Projection = { attributes?: string; excludedAttributes?: string };
const shaped = (c: Context<AppEnv>, group: Scim.ScimGroupView, query: Projection = {}) => Scim.project(Scim.toScimGroup(group, scimBaseUrl(c)), query);
const withMembers = (query: Projection) => ({ members: Scim.projects("members", query, Scim.GROUP_SCHEMA) });

export const groupRoutes = newScimRouter()
  .openapi(createGroup, async (c) => {
    const group = await Scim.createGroup(c.var.deps, c.var.directory, c.req.valid("json"), c.var.requestContext);
    return c.json(shaped(c, group), 201, { ...SCIM_HEADERS, Location: `${scimBaseUrl(c)}/Groups/${group.id}` });
  })
  .openapi(listGroups, async (c) => {
    const query = c.req.valid("query");
    const page = await Scim.listGroups(c.var.deps, query, withMembers(query));
    return c.json(listResponse(page.groups.map((group) => shaped(c, group, query)), page.startIndex, page.totalResults), 200, SCIM_HEADERS);
  })
  .openapi(getGroup, async (c) => {
    const query = c.req.valid("query");
    return c.json(shaped(c, await Scim.getGroup(c.var.deps, c.req.valid("param").id, withMembers(query)), query), 200, SCIM_HEADERS);
  })
  .openapi(replaceGroup, async (c) => {
    const input = c.req.valid("json");
    const group = await Scim.updateGroup(c.var.deps, c.var.directory, c.req.valid("param").id, () => Scim.replaceGroupWith(input), c.var.requestContext);
    return c.json(shaped(c, group), 200, SCIM_HEADERS);
  })
  .openapi(patchGroup, async (c) => {
    const input = c.req.valid("json");
    const group = await Scim.updateGroup(c.var.deps, c.var.directory, c.req.valid("param").id, (current) => Scim.applyGroupPatch(current, input), c.var.requestContext);
    return c.json(shaped(c, group), 200, SCIM_HEADERS);
  })
  .openapi(deleteGroup, async (c) => {
    await Scim.removeGroup(c.var.deps, c.var.directory, c.req.valid("param").id, c.var.requestContext);
    return c.body(null, 204);
  });
