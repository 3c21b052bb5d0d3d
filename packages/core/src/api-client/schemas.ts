import { z } from "zod";
import { SCOPES } from "../actor";
import { PageQuery } from "../store/page";

export const ScopeSchema = z.enum(SCOPES);

export const PublicKeyInput = z
  .union([z.string().min(1).max(16_384), z.record(z.string(), z.unknown())])
  .meta({
    description: "A public JWK object or a PEM (SPKI) string: RSA of 2048–8192 bits (RS256), EC P-256 (ES256) or Ed25519 (EdDSA, also named Ed25519).",
    example: { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" },
  });

export const CreateApiClientInput = z.object({
  name: z.string().trim().min(1, "Give the client a name.").max(100).meta({ example: "billing-sync" }),
  type: z.enum(["DELEGATED", "USER"]).meta({ description: "DELEGATED acts for the workspace; USER acts as you, within your access." }),
  publicKey: PublicKeyInput,
  scopes: z
    .array(ScopeSchema)
    .min(1, "Give the client at least one scope.")
    .refine((scopes) => new Set(scopes).size === scopes.length, "List each scope once."),
});
export type CreateApiClientInput = z.infer<typeof CreateApiClientInput>;

export const RotateApiClientKeyInput = z.object({
  publicKey: PublicKeyInput,
  previousKeyValidSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(0)
    .meta({ description: "How long the replaced key keeps working, 0–86400 seconds; 0 ends it at once." }),
});
export type RotateApiClientKeyInput = z.infer<typeof RotateApiClientKeyInput>;

export const ListApiClientsQuery = PageQuery;
export type ListApiClientsQuery = z.infer<typeof ListApiClientsQuery>;

/** `cli_` and 24 Crockford base32 characters. */
export const ApiClientIdSchema = z.string().regex(/^cli_[0-9a-z]{24}$/, "Not an API client id.");
