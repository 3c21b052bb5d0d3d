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
 * RFC 7644 §3 on /scim/v2/Users, as Okta and Microsoft Entra ID use it. Thin: parse, call
 * Scim's verbs with the directory as the actor, shape the answer as RFC 7643 §4.1 Users.
 */

const tags: ApiTag[] = ["SCIM"];
const security = directoryAuth;

const UserId = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: "id", in: "path" }, example: "usr_01jq3v9k2m4p6r8s0t2v4w6x" }) });
const ScimUser = scimDocument("ScimUser", "RFC 7643 §4.1 User: `id` (Roster's user id), `externalId`, `userName` (the email), `name`, `displayName`, `emails`, `active`, `groups`, `meta`.");

const createUser = createRoute({
  method: "post",
  path: "/scim/v2/Users",
  operationId: "createScimUser",
  tags,
  summary: "Provision a person",
  description:
    "RFC 7644 §3.3. The person is made ACTIVE (or DEACTIVATED with `active: false`) with `source: \"scim\"`, role CLIENT_USER and no tenants " +
    "(their groups give the rest), and no credentials: no setup mail, no password; they sign in through the identity provider. " +
    "A taken `userName` (compared case-insensitively) is 409 `uniqueness`: an existing account is never taken over. Recorded as `USER_PROVISIONED`.",
  security,
  request: { body: scimBody(Scim.ScimUserInput, "RFC 7643 §4.1 User.") },
  responses: { 201: scimResponse(ScimUser, "Provisioned."), ...scimErrors(400, 401, 409, 503) },
});

const listUsers = createRoute({
  method: "get",
  path: "/scim/v2/Users",
  operationId: "listScimUsers",
  tags,
  summary: "Find people",
  description:
    "RFC 7644 §3.4.2. `filter`: `eq` on `userName` (case-insensitive, one index read), `externalId` (exact) or `displayName` (case-insensitive), " +
    "joined by `and`; anything else is 400 `invalidFilter`. `startIndex` (1-based) and `count` (at most 100) page; `totalResults` is exact. " +
    "Without a filter, the whole team oldest first. Index reads: a person provisioned a moment ago may take as long to be found.",
  security,
  request: { query: Scim.ScimListQuery },
  responses: { 200: scimResponse(scimListOf("ScimUserList", "RFC 7644 §3.4.2 ListResponse of Users."), "The people found."), ...scimErrors(400, 401, 503) },
});

const getUser = createRoute({
  method: "get",
  path: "/scim/v2/Users/{id}",
  operationId: "getScimUser",
  tags,
  summary: "One person",
  description: "Any person of the workspace, whatever made them. `attributes`/`excludedAttributes` project.",
  security,
  request: { params: UserId, query: Scim.ScimProjectionQuery },
  responses: { 200: scimResponse(ScimUser, "The person."), ...scimErrors(400, 401, 404, 503) },
});

const managed =
  "Only people the directory or the identity provider made: a person invited in Roster is read but not changed (403), unless nothing would change. " +
  "`active: false` is the admin deactivation (every session, personal access token and USER client ends; `USER_DEPROVISIONED`); `active: true` " +
  "lifts the directory's own deactivation (`USER_REACTIVATED`), never an admin's. The owner is never deactivated (409 `mutability`). " +
  "`userName` is the email: a new one is claimed as on POST (409 `uniqueness` when taken) and the person signs in with it from then on; " +
  "removing it is 400 `mutability`. Email, name and externalId changes are `USER_PROFILE_CHANGED`.";

const replaceUser = createRoute({
  method: "put",
  path: "/scim/v2/Users/{id}",
  operationId: "replaceScimUser",
  tags,
  summary: "Replace a person's attributes",
  description: `RFC 7644 §3.5.1: name, displayName and externalId as sent (absent ones cleared); \`active\` kept when not sent. ${managed}`,
  security,
  request: { params: UserId, body: scimBody(Scim.ScimUserInput, "RFC 7643 §4.1 User.") },
  responses: { 200: scimResponse(ScimUser, "The person as they are now."), ...scimErrors(400, 401, 403, 404, 409, 503) },
});

const patchUser = createRoute({
  method: "patch",
  path: "/scim/v2/Users/{id}",
  operationId: "patchScimUser",
  tags,
  summary: "Change a person's attributes",
  description:
    "RFC 7644 §3.5.2 PatchOp, as Okta and Entra ID send it: `add`/`replace`/`remove` in any case, `\"True\"`/`\"False\"` strings, no path " +
    `and a value object, \`name.givenName\` paths; attributes Roster does not keep (\`emails\`, \`title\`, extensions) are ignored. ${managed}`,
  security,
  request: { params: UserId, body: scimBody(Scim.ScimPatchInput, "RFC 7644 §3.5.2 PatchOp.") },
  responses: { 200: scimResponse(ScimUser, "The person as they are now."), ...scimErrors(400, 401, 403, 404, 409, 503) },
});

const deleteUser = createRoute({
  method: "delete",
  path: "/scim/v2/Users/{id}",
  operationId: "deleteScimUser",
  tags,
  summary: "Remove a person",
  description:
    "The admin removal: the email is free again, the history stays, every session and token ends. Recorded as `USER_DEPROVISIONED` (no changes). " +
    "Not the owner (409), not a person invited in Roster (403).",
  security,
  request: { params: UserId },
  responses: { 204: { description: "Removed." }, ...scimErrors(401, 403, 404, 409, 503) },
});


const shaped = (c: Context<AppEnv>, person: Scim.ScimPerson, query: { attributes?: string; excludedAttributes?: string } = {}) =>
  Scim.project(Scim.toScimUser(person, scimBaseUrl(c)), query);

export const userRoutes = newScimRouter()
  .openapi(createUser, async (c) => {
    const person = await Scim.createUser(c.var.deps, c.var.directory, c.req.valid("json"), c.var.requestContext);
    const body = shaped(c, person);
    return c.json(body, 201, { ...SCIM_HEADERS, Location: `${scimBaseUrl(c)}/Users/${person.id}` });
  })
  .openapi(listUsers, async (c) => {
    const query = c.req.valid("query");
    const page = await Scim.listUsers(c.var.deps, query);
    return c.json(listResponse(page.people.map((person) => shaped(c, person, query)), page.startIndex, page.totalResults), 200, SCIM_HEADERS);
  })
  .openapi(getUser, async (c) => c.json(shaped(c, await Scim.getUser(c.var.deps, c.req.valid("param").id), c.req.valid("query")), 200, SCIM_HEADERS))
  .openapi(replaceUser, async (c) => {
    const input = c.req.valid("json");
    const person = await Scim.updateUser(c.var.deps, c.var.directory, c.req.valid("param").id, (current) => Scim.replaceWith(current, input), c.var.requestContext);
    return c.json(shaped(c, person), 200, SCIM_HEADERS);
  })
  .openapi(patchUser, async (c) => {
    const input = c.req.valid("json");
    const person = await Scim.updateUser(c.var.deps, c.var.directory, c.req.valid("param").id, (current) => Scim.applyPatch(current, input), c.var.requestContext);
    return c.json(shaped(c, person), 200, SCIM_HEADERS);
  })
  .openapi(deleteUser, async (c) => {
    await Scim.removeUser(c.var.deps, c.var.directory, c.req.valid("param").id, c.var.requestContext);
    return c.body(null, 204);
  });
