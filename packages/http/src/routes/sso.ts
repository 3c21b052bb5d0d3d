import { z } from "@hono/zod-openapi";
import { isDomainError, ROLES, Sso } from "@roster/core";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { setSessionCookie } from "../console/session-cookie";
import type { AppEnv } from "../env";
import { problems } from "../schemas";
import { createRoute, jsonBody, jsonResponse, newRouter, signedIn, type ApiTag } from "./router";

const tags: ApiTag[] = ["SSO"];
const secured = signedIn();
const managed =
  "A SUPER_ADMIN, from a signed-in session: a personal access token gets 403 `auth.session_required` and an API client 403 " +
  "`auth.forbidden` (who may sign in as whom is not a token's to decide).";

const SsoConfigSchema = z
  .object({
    issuer: z.string().openapi({ format: "uri", example: "https://login.example.com" }),
    clientId: z.string(),
    clientSecretSet: z.boolean().openapi({ description: "Whether a client secret is kept (sealed at rest; it is never answered)." }),
    groupsClaim: z.string().openapi({ example: "groups" }),
    roles: z.array(z.object({ group: z.string(), role: z.enum(ROLES) })),
    memberships: z.array(z.object({ group: z.string(), tenant: z.string(), role: z.string() })),
    enforced: z.boolean(),
    redirectUri: z.string().openapi({
      format: "uri",
      description: "`<ROSTER_PUBLIC_URL>/v1/sso/callback`: register it as the client's redirect URI at the provider.",
    }),
    version: z.number().int().openapi({ description: "Moves on with every change." }),
    updatedAt: z.string().openapi({ format: "date-time" }),
    updatedBy: z.object({ id: z.string(), email: z.string() }),
  })
  .openapi("SsoConfig", { description: "The workspace's OpenID Connect identity provider and how its groups map to roles and memberships." });

const getConfig = createRoute({
  method: "get",
  path: "/v1/sso",
  operationId: "getSsoConfig",
  tags,
  summary: "The single sign-on configuration",
  description: "SUPER_ADMIN or VIEWER. Never the client secret: `clientSecretSet` says whether one is kept. 404 `sso.not_configured`.",
  ...secured,
  responses: { 200: jsonResponse(SsoConfigSchema, "The configuration."), ...problems(401, 403, 404, 503) },
});

const putConfig = createRoute({
  method: "put",
  path: "/v1/sso",
  operationId: "putSsoConfig",
  tags,
  summary: "Set up or change single sign-on",
  description:
    `${managed} The whole configuration, replaced. First Roster fetches \`<issuer>/.well-known/openid-configuration\` ` +
    "(the same network policy as API clients' JWKS, a few seconds at most): 400 `sso.issuer_unreachable` when it cannot be " +
    "fetched, is not JSON, names another `issuer`, or lacks the authorization, token or JWKS endpoint. Every `memberships` tenant " +
    "must exist (400 `sso.unknown_tenant`), and where its group also maps to a role, the tenant role must fit that role (400 " +
    "`sso.role_mismatch`); a group is mapped to one role, and to one tenant role per tenant (400 `request.invalid`). The client " +
    "secret is sealed at rest; omitted, the stored one is kept only while `issuer` and `clientId` stay the same (400 " +
    "`sso.client_secret_required`). 409 `sso.changed` when another change landed first. The audit event `SSO_CONFIGURED` " +
    "records what changed (of the secret, only that it changed); a PUT that changes nothing records nothing.",
  ...secured,
  request: { body: jsonBody(Sso.PutSsoInput) },
  responses: { 200: jsonResponse(SsoConfigSchema, "The configuration as stored."), ...problems(400, 401, 403, 409, 413, 415, 503) },
});

const deleteConfig = createRoute({
  method: "delete",
  path: "/v1/sso",
  operationId: "deleteSsoConfig",
  tags,
  summary: "Turn single sign-on off",
  description:
    `${managed} The people SSO made stay, with their current roles; a new setup link gives them local credentials. ` +
    "404 `sso.not_configured`. The audit event is `SSO_REMOVED`.",
  ...secured,
  responses: { 204: { description: "Removed." }, ...problems(401, 403, 404, 503) },
});

/** `__Host-roster_sso`: binds a sign-in to the browser that started it (Secure, HttpOnly, SameSite=Lax so the provider's redirect back carries it). */
const BINDING_COOKIE = "roster_sso";
const SIGN_IN_PAGE = "/console/sign-in";

/**
 * Where a sign-in that cannot go on sends the person: the console's sign-in page, saying why in
 * `sso=`. These routes are a browser's, driven by redirects: a problem document there would be a
 * page of JSON to the person.
 */
const REFUSALS = {
  "sso.provider_unavailable": "unavailable",
  "sso.sign_in_failed": "failed",
  "sso.email_unverified": "unverified",
  "sso.no_access": "no_access",
  "sso.not_configured": "not_configured",
  "request.conflict": "failed",
} as const;
type Refusal = keyof typeof REFUSALS;
/** The reasons `sso=` may carry: the sign-in page says each in words of its own (console/sign-in.tsx). */
export type SsoRefusalReason = (typeof REFUSALS)[Refusal];
const refusalOf = (error: unknown): Refusal | undefined =>
  (Object.keys(REFUSALS) as Refusal[]).find((code) => isDomainError(error, code));
const refusedTo = (c: Context<AppEnv>, code: Refusal) => c.redirect(`${SIGN_IN_PAGE}?sso=${REFUSALS[code]}`, 302);

const redirectResponse = (description: string) => ({ description, headers: z.object({ Location: z.string().openapi({ description: "Where the browser goes next." }) }) });

const startSignIn = createRoute({
  method: "get",
  path: "/v1/sso/start",
  operationId: "startSsoSignIn",
  tags,
  security: [],
  summary: "Sign in through the identity provider",
  description:
    "Anyone (a browser: the console's sign-in button links here). 302 to the provider's authorization endpoint: authorization code " +
    "flow with PKCE (S256), `state` and `nonce`, kept server-side for 10 minutes and good for one callback, and a short-lived " +
    "`__Host-roster_sso` cookie that binds the sign-in to this browser. `returnTo` is where the person lands afterwards: a path of " +
    "Roster's own (a single leading `/`, no scheme, no `//`, no backslash; default `/console`), else 400 `request.invalid`. " +
    "404 `sso.not_configured` without single sign-on. When the provider cannot be reached (its discovery document), 302 to " +
    "`/console/sign-in?sso=unavailable`, so the person is told on the page rather than shown an error.",
  request: {
    query: z.object({ returnTo: z.string().optional().openapi({ description: "A path of Roster's own.", example: "/console/team" }) }),
  },
  responses: {
    302: redirectResponse("To the provider's authorization endpoint, or to `/console/sign-in?sso=unavailable`."),
    ...problems(400, 404, 503),
  },
});

const finishSignIn = createRoute({
  method: "get",
  path: "/v1/sso/callback",
  operationId: "finishSsoSignIn",
  tags,
  security: [],
  summary: "The identity provider's redirect back",
  description:
    "Where the provider sends the browser (register `<ROSTER_PUBLIC_URL>/v1/sso/callback`). The sign-in's state is spent first (a " +
    "replayed callback fails), must be under 10 minutes old and come with the browser's `__Host-roster_sso` cookie; the code is " +
    "exchanged (with the PKCE verifier) and the ID token it answers checked (`iss`, `aud`, `exp`, `nonce`; its signature is not: it comes " +
    "straight from the token endpoint, whose TLS vouches for it, as OpenID Connect Core §3.1.3.7 allows). The person needs `email_verified: true`. " +
    "Then their role and memberships are re-derived from the groups claim and their SCIM groups (created at a first sign-in, `source: sso`; deactivated " +
    "when the groups map to no role), a console session cookie `__Host-roster_session` is set, and the answer is 302 to `returnTo`. " +
    "Every refusal is 302 to `/console/sign-in?sso=<reason>`: `failed` (unknown, spent or expired state, another browser, a " +
    "refused code or token), `unverified` (email not verified), `no_access` (groups map to no role, deactivated by an admin, or " +
    "still invited), `unavailable` (the provider is down: discovery or the code exchange gets no answer within " +
    "`ROSTER_SSO_TIMEOUT_MS` each, or a 5xx, or the provider redirects back with `error=server_error` or `temporarily_unavailable`), " +
    "`not_configured`. A query that names a parameter twice (RFC 6749 §3.1 forbids it, and no " +
    "provider sends one) is not a redirect of a provider's: 400 `request.invalid`, before any sign-in is looked at. Audit: `USER_PROVISIONED`, " +
    "`USER_ROLE_CHANGED`, `USER_REACTIVATED`, `USER_DEPROVISIONED`, `MEMBERSHIP_GRANTED`/`UPDATED`/`REVOKED` and `SSO_LOGIN`, actor `sso`.",
  request: {
    query: z.object({
      code: z.string().optional(),
      state: z.string().optional(),
      iss: z.string().optional(),
      error: z.string().optional(),
      error_description: z.string().optional(),
    }),
  },
  responses: {
    302: redirectResponse("To `returnTo`, signed in; or to `/console/sign-in?sso=<reason>`."),
    ...problems(400, 503),
  },
});

export const ssoRoutes = newRouter()
  .openapi(startSignIn, async (c) => {
    try {
      const started = await Sso.start(c.var.deps, { returnTo: c.req.valid("query").returnTo });
      setCookie(c, BINDING_COOKIE, started.browserBinding, {
        prefix: "host",
        httpOnly: true,
        secure: true,
        sameSite: "Lax",
        path: "/",
        maxAge: Sso.FLOW_TTL_MS / 1000,
      });
      return c.redirect(started.authorizationUrl, 302);
    } catch (error) {
      if (isDomainError(error, "sso.provider_unavailable")) return refusedTo(c, "sso.provider_unavailable");
      throw error;
    }
  })
  .openapi(finishSignIn, async (c) => {
    const browserBinding = getCookie(c, BINDING_COOKIE, "host");
    // One use, whatever comes of it: the flow it bound is spent.
    deleteCookie(c, BINDING_COOKIE, { prefix: "host", secure: true, path: "/" });
    try {
      const finished = await Sso.callback(c.var.deps, { query: new URL(c.req.url).search, browserBinding }, c.var.requestContext);
      setSessionCookie(c, finished.cookie, finished.expiresAt);
      return c.redirect(finished.returnTo, 302);
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) return refusedTo(c, refusal);
      throw error;
    }
  })
  .openapi(getConfig, async (c) => c.json(await Sso.get(c.var.deps, c.var.principal), 200))
  .openapi(putConfig, async (c) => c.json(await Sso.configure(c.var.deps, c.var.principal, c.req.valid("json"), c.var.requestContext), 200))
  .openapi(deleteConfig, async (c) => {
    await Sso.remove(c.var.deps, c.var.principal, c.var.requestContext);
    return c.body(null, 204);
  });
