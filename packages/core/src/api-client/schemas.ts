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

/** Long enough for any real JWKS address, short enough to keep out what is not one. */
const JWKS_URI_MAX_LENGTH = 2048;

/**
 * What a JWKS URL must be wherever Roster runs. Whether it may be http (loopback, locally) and
 * which hosts it may name is the network policy's, judged when the client is registered (see
 * address-policy.ts) and again at every fetch.
 */
export const JwksUriInput = z
  .string()
  .max(JWKS_URI_MAX_LENGTH, `A JWKS URL has at most ${JWKS_URI_MAX_LENGTH} characters.`)
  .superRefine((text, ctx) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    const problem = !url
      ? "Give an absolute URL, e.g. https://auth.example.com/.well-known/jwks.json."
      : url.protocol !== "https:" && url.protocol !== "http:"
        ? "Use an https:// URL."
        : url.username || url.password
          ? "A JWKS URL must not hold credentials: a JWKS is public."
          : url.hash || text.includes("#")
            ? "A JWKS URL has no fragment."
            : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description:
      "The client's own JWKS (RFC 7517), which Roster fetches (2 s timeout, 64 KiB at most), caches, and fetches again when an " +
      "assertion names a `kid` it does not hold, at most once a minute. https, to a public address; `http://` only to a loopback " +
      "host (127.0.0.1, [::1], localhost) where Roster runs locally. Its RSA (2048–8192 bits), EC P-256 and Ed25519 signing keys " +
      "are used; keys for other uses or algorithms are passed over, and a set that publishes a private key is refused.",
    format: "uri",
    example: "https://billing.example.com/.well-known/jwks.json",
  });

/** The fields of a new client; `CreateApiClientInput` adds the rule that exactly one of its key sources is given. */
export const CreateApiClientFields = z.object({
  name: z.string().trim().min(1, "Give the client a name.").max(100).meta({ example: "billing-sync" }),
  type: z.enum(["DELEGATED", "USER"]).meta({ description: "DELEGATED acts for the workspace; USER acts as you, within your access." }),
  publicKey: PublicKeyInput.optional(),
  jwksUri: JwksUriInput.optional(),
  scopes: z
    .array(ScopeSchema)
    .min(1, "Give the client at least one scope.")
    .refine((scopes) => new Set(scopes).size === scopes.length, "List each scope once."),
});

/** Why a new client's key sources are not exactly one of `publicKey` and `jwksUri`, by field; none when they are. */
export function keySourceIssues(input: { publicKey?: unknown; jwksUri?: unknown }): { path: "publicKey" | "jwksUri"; message: string }[] {
  if (input.publicKey !== undefined && input.jwksUri !== undefined) {
    return [{ path: "jwksUri", message: "Give either publicKey or jwksUri, not both: a client's keys are registered here or published in its JWKS." }];
  }
  if (input.publicKey === undefined && input.jwksUri === undefined) {
    return [{ path: "publicKey", message: "Give the client's publicKey, or the jwksUri where it publishes its keys." }];
  }
  return [];
}

export const CreateApiClientInput = CreateApiClientFields.superRefine((input, ctx) => {
  for (const issue of keySourceIssues(input)) ctx.addIssue({ code: "custom", path: [issue.path], message: issue.message });
}).meta({ description: "Exactly one of `publicKey` (the key is registered here) and `jwksUri` (the client publishes its keys)." });
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
