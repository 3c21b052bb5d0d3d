import { createRoute as createOpenApiRoute, OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { ZodType } from "zod";
import type { AppEnv } from "../env";
import { requireAuth, type AuthOptions } from "../middleware/authenticate";
import { validationHook } from "../validation";

/** Every router validates the same way, so every schema failure reads the same to clients. */
export const newRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const jsonBody = <T extends ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { "application/json": { schema } },
});

export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const bearerAuth = [{ bearerAuth: [] }];

/** For routes that need a signed-in caller: documented as bearer auth, enforced by the auth middleware. */
export const signedIn = (options: AuthOptions = {}) => ({ security: bearerAuth, middleware: requireAuth(options) });

/** The document's tags, in the order a reader meets them, each with what it groups. */
export const TAGS = {
  System: "Liveness, the OpenAPI document, Roster's public signing keys and OAuth discovery. Public: no token needed.",
  Setup: "The invitee's one setup ceremony: read the invitation, enroll an authenticator, set a password. The setup token is the credential.",
  "Sign-in": "Email, password and authenticator code for a token pair; refresh, re-enroll an authenticator after a reset, sign out.",
  Me: "The signed-in user's own account: profile, password and personal access tokens.",
  Users: "The team: invite, list, change roles, deactivate, reactivate, reset an authenticator, remove, transfer ownership.",
  Tenants: "The customer companies whose portals Roster guards.",
  Portal: "A member entering a tenant's portal.",
  Memberships: "Who may reach which tenant, with which tenant role and until when; a client admin's invitations.",
  "API clients": "Services that call the API without a person's password: registration, keys, and the token endpoint.",
  Audit: "The append-only trail of every change and sign-in.",
  SSO: "Single sign-on through the workspace's OpenID Connect identity provider: its configuration, and how its groups map to roles and tenant memberships.",
  SCIM:
    "SCIM 2.0 provisioning (RFC 7643/7644) under `/scim/v2`, authenticated by a directory token (`directoryToken`), and the directory " +
    "tokens themselves (`/v1/scim-tokens`), which a SUPER_ADMIN makes from a signed-in session. SCIM answers are `application/scim+json`, " +
    "errors in SCIM's error schema.",
} as const;

export type ApiTag = keyof typeof TAGS;

/**
 * Hono's `createRoute`, holding each route to what a reader and a code generator of the document
 * need: an `operationId` (the method name a generated client gets), tags the document declares,
 * and `security` said outright (`[]` for a public route, `signedIn()` for the rest), so that no
 * route is public, or secured, by omission.
 */
export const createRoute = <P extends string, R extends Omit<RouteConfig, "path"> & { path: P } & Described>(config: R) => createOpenApiRoute(config);

type Described = { operationId: string; tags: ApiTag[]; security: NonNullable<RouteConfig["security"]> };
