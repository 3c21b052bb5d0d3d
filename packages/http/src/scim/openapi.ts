import { z } from "@hono/zod-openapi";
import { SCIM_CONTENT_TYPE, SCIM_ERROR_SCHEMA } from "./error";

/** What the OpenAPI document names the scheme of `/scim/v2` (registered beside `bearerAuth`, api-app.ts). */
export const directoryAuth = [{ directoryToken: [] }];

export const directoryTokenScheme = {
  type: "http" as const,
  scheme: "bearer",
  description:
    "A SCIM directory token from `POST /v1/scim-tokens` (`rscim.…`). It works on `/scim/v2` alone; a person's access token or personal " +
    "access token is refused there, as a directory token is on `/v1`.",
};

export const ScimErrorSchema = z
  .object({
    schemas: z.array(z.literal(SCIM_ERROR_SCHEMA)),
    status: z.string().openapi({ description: "The HTTP status, as a string (RFC 7644 §3.12).", example: "401" }),
    scimType: z.string().optional().openapi({ description: "For a 400 or 409: `invalidFilter`, `invalidValue`, `invalidSyntax`, `uniqueness`, …" }),
    detail: z.string(),
  })
  .openapi("ScimError", { description: "RFC 7644 §3.12." });

export const scimResponse = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { [SCIM_CONTENT_TYPE]: { schema } } });

/** The SCIM error answers a route can give, for its OpenAPI entry. */
export function scimErrors(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: "The request is not valid (`scimType` says how).",
    401: "No directory token, or one that is invalid, expired or revoked.",
    404: "No such resource.",
    409: "Conflict (`scimType: uniqueness` for a taken `userName` or group `displayName`).",
    503: "Storage unreachable; see `Retry-After`.",
  };
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        ...scimResponse(ScimErrorSchema, descriptions[status] ?? "Error."),
        ...(status === 401 && {
          headers: { "WWW-Authenticate": { description: 'RFC 6750\'s challenge: `Bearer realm="roster"`, with `error="invalid_token"` when a token was presented.', schema: { type: "string" as const } } },
        }),
      },
    ]),
  );
}

/** A SCIM document's shape in the OpenAPI document: its schema URNs, the rest as RFC 7643 defines it. */
export const scimDocument = (name: string, description: string) =>
  z.looseObject({ schemas: z.array(z.string()) }).openapi(name, { description });

export const scimListOf = (name: string, description: string) =>
  z
    .looseObject({ schemas: z.array(z.string()), totalResults: z.number().int(), itemsPerPage: z.number().int(), startIndex: z.number().int(), Resources: z.array(z.looseObject({})) })
    .openapi(name, { description });

/** A request body: directories send `application/scim+json`; plain JSON is taken too. */
export const scimBody = <T extends z.ZodType>(schema: T, description: string) => ({
  required: true,
  description,
  content: { [SCIM_CONTENT_TYPE]: { schema }, "application/json": { schema } },
});
