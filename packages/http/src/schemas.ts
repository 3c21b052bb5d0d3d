import { z } from "@hono/zod-openapi";
import { Audit, ROLES, SCOPES } from "@roster/core";

/** Response shapes of API.md, registered as named components of the OpenAPI document. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ example: "request.invalid", description: "Stable, dotted error code." }),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem", { description: "RFC 9457 problem details." });

export const UserSchema = z
  .object({
    id: z.string().openapi({ example: "usr_5k2m9x1q7r3t8v0w4y6z2a4b" }),
    email: z.string(),
    displayName: z.string().nullable(),
    role: z.enum(ROLES),
    status: z.enum(["INVITED", "ACTIVE", "DEACTIVATED"]),
    isOwner: z.boolean(),
    mfaEnrolled: z.boolean(),
    createdAt: z.string().openapi({ format: "date-time" }),
    invitedBy: z.object({ id: z.string(), email: z.string() }).nullable(),
    lastLoginAt: z.string().nullable().openapi({ format: "date-time" }),
    setupExpiresAt: z.string().nullable().openapi({ format: "date-time" }),
    source: z.enum(["local", "sso", "scim"]).openapi({
      description: "Where the person comes from: invited here, made at a first sign-in through the identity provider, or pushed by a SCIM directory.",
    }),
  })
  .openapi("User");

export const MembershipSummarySchema = z
  .object({
    tenant: z.object({ slug: z.string(), name: z.string() }),
    role: z.string(),
    expiresAt: z.string().nullable(),
  })
  .openapi("MembershipSummary");

export const MeSchema = UserSchema.extend({ memberships: z.array(MembershipSummarySchema) }).openapi("Me");

export const TokensSchema = z
  .object({ accessToken: z.string(), refreshToken: z.string(), expiresIn: z.number().int().openapi({ description: "Seconds." }) })
  .openapi("Tokens");

export const LoginResponseSchema = TokensSchema.extend({ user: UserSchema }).openapi("LoginResponse");

export const TotpEnrollmentSchema = z
  .object({
    secret: z.string().openapi({ description: "Base32 secret, for manual entry." }),
    otpauthUri: z.string(),
    qrCodeSvg: z.string().openapi({ description: "The otpauth URI as an SVG QR code." }),
  })
  .openapi("TotpEnrollment");

export const InvitationSchema = z
  .object({
    user: UserSchema,
    setupUrl: z.string().nullable().openapi({
      description: "The setup link, also mailed. Null when an API client invited: whoever holds a setup link can become that person, so a client never receives one.",
    }),
    setupExpiresAt: z.string().openapi({ format: "date-time" }),
    emailDelivery: z.enum(["sent", "failed"]),
  })
  .openapi("Invitation");

/** The problem responses a route can give, by status, for its OpenAPI entry. */
export function problems(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "Malformed JSON (`request.malformed`) or schema violation (`request.invalid`), or a domain rule.",
    401: "Not signed in (`auth.unauthenticated`).",
    403: "Signed in but not allowed (`auth.forbidden`, or `auth.session_required` where only a signed-in session may act).",
    404: "Not found.",
    409: "Conflict with the current state.",
    410: "Gone.",
    413: "Body over 64 KiB (`request.too_large`).",
    415: "Body not sent as JSON (`request.unsupported_media_type`).",
    429: "Throttled; see `Retry-After`.",
    503: "Storage unreachable (`service.unavailable`).",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: descriptions[status] ?? "Error.", content: { "application/problem+json": { schema: ProblemSchema } } },
    ]),
  );
}

const AUDIT_TYPES_DESCRIPTION = Object.entries(Audit.AUDIT_CATALOG)
  .map(([type, entry]) => `- \`${type}\`: ${entry.description}`)
  .join("\n");

export const AuditEventSchema = z
  .object({
    id: z.string().openapi({ example: "evt_0k7p2m4q6r8s0t2v4w6x8y0z" }),
    // From the catalog, so a new event type is in the document the moment it can be written.
    type: z.enum(Audit.AUDIT_EVENT_TYPES).openapi({ description: AUDIT_TYPES_DESCRIPTION, example: "USER_ROLE_CHANGED" }),
    occurredAt: z.string().openapi({ format: "date-time" }),
    actor: z.object({
      type: z.enum(["user", "api_client", "system", "sso", "directory"]).openapi({
        description: "`sso`: the identity provider, at a person's sign-in; `directory`: a SCIM directory, with the id and name of its token.",
      }),
      id: z.string(),
      email: z.string().optional(),
      name: z.string().optional(),
    }),
    target: z.object({ type: z.string(), id: z.string(), email: z.string().optional() }),
    tenant: z.string().nullable(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
    context: z
      .object({
        requestId: z.string().openapi({ description: "Roster's own id of the request (its `X-Request-Id` answer)." }),
        clientRequestId: z.string().nullable().openapi({ description: "The `X-Request-Id` the caller sent, when it was well-formed." }),
        ip: z.string().nullable(),
        userAgent: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: "Where the request came from. Null for a CLIENT_ADMIN reading an action by someone who is not one of its tenant's client users." }),
  })
  .openapi("AuditEvent");

/** `{ items, nextCursor }` of every list. */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const ApiClientSchema = z
  .object({
    id: z.string().openapi({ example: "cli_5k2m9x1q7r3t8v0w4y6z2a4b" }),
    name: z.string(),
    type: z.enum(["DELEGATED", "USER"]),
    status: z.enum(["ACTIVE", "DISABLED"]),
    scopes: z.array(z.enum(SCOPES)),
    keyId: z
      .string()
      .nullable()
      .openapi({ description: "The current key's RFC 7638 thumbprint; an assertion's `kid` may name it. `null` for a client registered by `jwksUri`." }),
    jwksUri: z
      .string()
      .nullable()
      .openapi({ format: "uri", description: "The client's own JWKS, where Roster takes its keys from; `null` for a client registered with a `publicKey`." }),
    previousKey: z
      .object({ keyId: z.string(), validUntil: z.string().openapi({ format: "date-time" }) })
      .nullable()
      .openapi({ description: "The key the last rotation replaced, while it still works." }),
    createdAt: z.string().openapi({ format: "date-time" }),
    createdBy: z.object({ id: z.string(), email: z.string() }),
  })
  .openapi("ApiClient");

export const OAuthTokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal("Bearer"),
    expires_in: z.number().int().openapi({ description: "Seconds." }),
    scope: z.string().openapi({ example: "users:read audit:read" }),
  })
  .openapi("OAuthToken");

export const OAuthIntrospectionSchema = z
  .object({
    active: z.boolean(),
    iss: z.string().optional(),
    sub: z.string().optional().openapi({ description: "The person's user id, or the client's id." }),
    client_id: z.string().optional().openapi({ description: "`roster` for a person's own sign-in or personal access token; the client's id for a client." }),
    scope: z.string().optional().openapi({ description: "A client's token only: the scopes it still has." }),
    token_type: z.literal("Bearer").optional(),
    iat: z.number().int().optional(),
    exp: z.number().int().optional(),
    jti: z.string().optional().openapi({ description: "An access token's id (a personal access token has none to name)." }),
    role: z.string().optional().openapi({ description: "The global role the holder acts with now (a DELEGATED client: `SUPER_ADMIN`, within its scope)." }),
    tenants: z.record(z.string(), z.string()).optional().openapi({ description: "`{slug: tenantRole}` of the memberships live now; `{}` when none.", example: { "acme-bank": "OPERATOR_FULL" } }),
  })
  .openapi("OAuthIntrospection", { description: "RFC 7662. An inactive token is `{\"active\": false}` and nothing else." });

export const OAuthErrorSchema = z
  .object({
    error: z.enum(["invalid_request", "invalid_client", "unsupported_grant_type", "invalid_scope", "insufficient_scope", "temporarily_unavailable", "server_error"]),
    error_description: z.string(),
  })
  .openapi("OAuthError", { description: "RFC 6749 §5.2." });
