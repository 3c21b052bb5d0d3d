import { z } from "zod";
import { ROLES } from "../actor";
import { TENANT_ROLES } from "../store/memberships";
import { SlugSchema } from "../store/tenants";

/** Long enough for any real issuer (Entra's carry a tenant id), short enough to keep out what is not one. */
const ISSUER_MAX_LENGTH = 2048;
/** Mappings a person's sign-in re-derives from; more would be a directory, which is SCIM's job. */
const MAX_MAPPINGS = 100;

/**
 * What an issuer must be wherever Roster runs: an absolute http(s) URL without credentials, query
 * or fragment (OpenID Connect Discovery 1.0 §2). Whether it may be http (loopback, locally) and
 * which hosts it may name is the network policy's, judged before its discovery document is fetched.
 */
export const IssuerInput = z
  .string()
  .trim()
  .max(ISSUER_MAX_LENGTH, `An issuer has at most ${ISSUER_MAX_LENGTH} characters.`)
  .superRefine((text, ctx) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    const problem = !url
      ? "Give the issuer's absolute URL, e.g. https://login.example.com."
      : url.protocol !== "https:" && url.protocol !== "http:"
        ? "Use an https:// URL."
        : url.username || url.password
          ? "An issuer URL holds no credentials."
          : url.search || url.hash || text.includes("?") || text.includes("#")
            ? "An issuer URL has no query or fragment."
            : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description:
      "The identity provider's issuer identifier: Roster fetches `<issuer>/.well-known/openid-configuration` and requires its `issuer` to be this. " +
      "https, to a public address; `http://` only to a loopback host where Roster runs locally.",
    format: "uri",
    example: "https://login.example.com",
  });

/** Group names are the provider's, compared exactly (Entra sends object ids, Okta names). */
const GroupName = z.string().trim().min(1, "Name the group.").max(256).meta({ example: "roster-admins" });

const RoleMapping = z.object({ group: GroupName, role: z.enum(ROLES) });
const MembershipMapping = z.object({
  group: GroupName,
  tenant: SlugSchema,
  role: z.enum(TENANT_ROLES).meta({ description: "OPERATOR_* for groups whose people are operators or contractors, CLIENT_* for client users." }),
});

/** Reports every entry after the first that `keyOf` says repeats an earlier one. */
const unique =
  <T>(keyOf: (entry: T) => string, message: (entry: T) => string) =>
  (entries: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      const key = keyOf(entry);
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [index], message: message(entry) });
      seen.add(key);
    });
  };

export const PutSsoInput = z.object({
  issuer: IssuerInput,
  clientId: z.string().trim().min(1, "Give the client id the provider issued.").max(255).meta({ example: "0oa1roster" }),
  clientSecret: z
    .string()
    .min(1)
    .max(1024)
    .nullable()
    .optional()
    .meta({
      description:
        "The client secret the provider issued; sealed at rest and never answered. Omitted keeps the stored one, as long as `issuer` and " +
        "`clientId` stay the same (else 400 `sso.client_secret_required`: a secret is never sent to another provider). `null`: a public " +
        "client, which signs in with PKCE alone.",
      example: "s3cr3t-from-the-provider",
    }),
  groupsClaim: z.string().trim().min(1).max(256).default("groups").meta({ description: "The ID token claim that lists the person's groups." }),
  roles: z
    .array(RoleMapping)
    .max(MAX_MAPPINGS)
    .superRefine(unique((entry) => entry.group, (entry) => `The group ${entry.group} is mapped twice: give each group one role.`))
    .meta({ description: "Group → global role. At each sign-in the highest role among the person's groups wins; no mapped group, no access." }),
  memberships: z
    .array(MembershipMapping)
    .max(MAX_MAPPINGS)
    .superRefine(
      unique(
        (entry) => `${entry.group}\u0000${entry.tenant}`,
        (entry) => `The group ${entry.group} is mapped to ${entry.tenant} twice: give it one tenant role there.`,
      ),
    )
    .meta({ description: "Group → tenant membership. The tenant must exist; where the group also maps to a role, the tenant role must fit it." }),
  enforced: z.boolean().meta({ description: "When true, the people SSO manages sign in only through the provider (the owner keeps the break-glass password path)." }),
});
export type PutSsoInput = z.output<typeof PutSsoInput>;
