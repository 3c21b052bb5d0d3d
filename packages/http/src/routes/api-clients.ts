import { z } from "@hono/zod-openapi";
import { ApiClient } from "@roster/core";
import { ApiClientSchema, pageOf, problems } from "../schemas";
import { createRoute, jsonBody, jsonResponse, newRouter, signedIn, type ApiTag } from "./router";

const tags: ApiTag[] = ["API clients"];
const secured = signedIn();
const ClientId = z.object({ id: ApiClient.ApiClientIdSchema.meta({ param: { name: "id", in: "path" }, example: "cli_5k2m9x1q7r3t8v0w4y6z2a4b" }) });
const managed = "A SUPER_ADMIN, signed in as a person: no scope lets an API client manage clients.";
/** Registering and rotating make credentials that outlive the caller's own. */
const fromSession =
  "Only from a signed-in session: a personal access token gets 403 `auth.session_required` (a stolen token, which has no " +
  "authenticator behind it, cannot mint lasting credentials).";
const read = "SUPER_ADMIN or VIEWER, or an API client with `api-clients:read`.";

const createClient = createRoute({
  method: "post",
  path: "/v1/api-clients",
  operationId: "createApiClient",
  tags,
  summary: "Register an API client",
  description:
    `${managed} The client signs short JWTs with its private key and trades them at \`/oauth/token\`. Give exactly one of ` +
    "`publicKey` (the key is registered here, `keyId` names it, and `POST /v1/api-clients/{id}/keys` rotates it) and `jwksUri` " +
    "(the client publishes its keys in a JWKS of its own: `keyId` and `jwksUri` answer `null` and the URL; Roster fetches the set " +
    "with a 2 s timeout and 64 KiB at most, caches it, and fetches it again when an assertion names a `kid` it does not hold, at " +
    "most once a minute; the client rotates by publishing the new key). Both or neither: 400 `request.invalid`. A `jwksUri` must be " +
    "https to a public address (no loopback, private, link-local, CGNAT or multicast address, checked again for each address the " +
    "host resolves to when fetching); only where Roster runs locally may it be http to 127.0.0.1, [::1] or localhost: else 400 " +
    "`request.invalid` naming `jwksUri`. DELEGATED acts for the workspace, as a SUPER_ADMIN, within its scopes; USER acts as you, " +
    "with the role you have at each request, within its scopes, and stops working when you lose your access. 400 " +
    "`api_client.invalid_key` for a private key, an unsupported key type or an RSA key outside 2048–8192 bits. The audit event " +
    `\`API_CLIENT_CREATED\` records \`keyId\` and \`jwksUri\`. ${fromSession}`,
  ...secured,
  request: { body: jsonBody(ApiClient.CreateApiClientInput) },
  responses: { 201: jsonResponse(ApiClientSchema, "Registered."), ...problems(400, 401, 403, 503) },
});

const listClients = createRoute({
  method: "get",
  path: "/v1/api-clients",
  operationId: "listApiClients",
  tags,
  summary: "List API clients",
  description: `${read} Newest first.`,
  ...secured,
  request: { query: ApiClient.ListApiClientsQuery },
  responses: { 200: jsonResponse(pageOf(ApiClientSchema, "ApiClientPage"), "A page of clients."), ...problems(400, 401, 403, 503) },
});

const getClient = createRoute({
  method: "get",
  path: "/v1/api-clients/{id}",
  operationId: "getApiClient",
  tags,
  summary: "One API client",
  description: `${read} 404 \`api_client.not_found\`.`,
  ...secured,
  request: { params: ClientId },
  responses: { 200: jsonResponse(ApiClientSchema, "The client."), ...problems(400, 401, 403, 404, 503) },
});

const rotateKey = createRoute({
  method: "post",
  path: "/v1/api-clients/{id}/keys",
  operationId: "rotateApiClientKey",
  tags,
  summary: "Rotate an API client's key",
  description:
    `${managed} \`publicKey\` becomes the client's key; the replaced one keeps working for \`previousKeyValidSeconds\` ` +
    "(0–86400, default 0: it stops at once). A key replaced earlier and still in its overlap stops now. 400 " +
    `\`api_client.invalid_key\` (also for the current key itself); 409 \`api_client.changed\` when another change landed first; 409 ` +
    "`api_client.jwks_managed` for a client registered by `jwksUri`: its keys are what its JWKS publishes, so it rotates by " +
    `publishing the new key there (Roster fetches it on the first assertion naming its \`kid\`). ${fromSession}`,
  ...secured,
  request: { params: ClientId, body: jsonBody(ApiClient.RotateApiClientKeyInput) },
  responses: { 200: jsonResponse(ApiClientSchema, "The client with its new `keyId`."), ...problems(400, 401, 403, 404, 409, 503) },
});

const statusChange = (verb: "disable" | "enable", summary: string, description: string, status: string) =>
  createRoute({
    method: "post",
    path: `/v1/api-clients/{id}/${verb}`,
    operationId: `${verb}ApiClient`,
    tags,
    summary,
    description: `${managed} ${description}`,
    ...secured,
    request: { params: ClientId },
    responses: { 200: jsonResponse(ApiClientSchema, `The client, ${status}.`), ...problems(400, 401, 403, 404, 409, 503) },
  });

const disable = statusChange(
  "disable",
  "Disable an API client",
  "Its access tokens stop working on their next request, and it gets no new ones. 409 `api_client.not_active`.",
  "DISABLED",
);
const enable = statusChange("enable", "Enable an API client again", "409 `api_client.not_disabled`.", "ACTIVE");

export const apiClientRoutes = newRouter()
  .openapi(createClient, async (c) => c.json(await ApiClient.create(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext), 201))
  .openapi(listClients, async (c) => c.json(await ApiClient.list(c.var.deps, c.var.principal, c.req.valid("query")), 200))
  .openapi(getClient, async (c) => c.json(await ApiClient.get(c.var.deps, c.var.principal, c.req.valid("param").id), 200))
  .openapi(rotateKey, async (c) =>
    c.json(await ApiClient.rotateKey(c.var.deps, c.var.principal, c.req.valid("param").id, c.req.valid("json"), c.var.requestContext), 200),
  )
  .openapi(disable, async (c) => c.json(await ApiClient.disable(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext), 200))
  .openapi(enable, async (c) => c.json(await ApiClient.enable(c.var.deps, c.var.principal, c.req.valid("param").id, c.var.requestContext), 200));
