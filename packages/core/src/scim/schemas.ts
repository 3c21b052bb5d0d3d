import { z } from "zod";
import * as User from "../user";

/**
 * A boolean as directories send it: Entra ID sends `"True"`/`"False"` strings in PATCH values
 * (Microsoft's "Known issues with SCIM 2.0 protocol compliance"), everyone else JSON booleans.
 */
export const ScimBoolean = z.union([z.boolean(), z.string().regex(/^(true|false)$/i, "Expected true or false.").transform((text) => text.toLowerCase() === "true")]);

const Text = (max: number) => z.string().trim().max(max);

/**
 * RFC 7643 §4.1's User as Roster keeps it, for POST and PUT. Loose: what a directory sends beyond
 * these (`title`, `phoneNumbers`, the enterprise extension…) is ignored, as the Schemas document
 * says. `emails` is accepted and not stored: `userName` is the person's email.
 */
export const ScimUserInput = z
  .looseObject({
    schemas: z.array(z.string()).max(10).optional(),
    userName: z.string().trim().pipe(User.EmailSchema).meta({ description: "The person's email: what they sign in with, unique in the workspace (case-insensitively).", example: "ada@example.com" }),
    name: z.looseObject({ givenName: Text(100).nullish(), familyName: Text(100).nullish(), formatted: z.string().max(300).nullish() }).nullish(),
    displayName: Text(200).nullish(),
    externalId: z.string().max(256).nullish().meta({ description: "The directory's own id for the person (Entra ID: the object id; Okta: its user id)." }),
    active: ScimBoolean.optional().meta({ description: "Omitted on POST: true. `false` deactivates (every session and token ends)." }),
    emails: z.array(z.looseObject({ value: z.string().max(254).optional(), type: z.string().max(50).optional(), primary: ScimBoolean.optional() })).max(10).optional(),
  })
  .meta({ description: "RFC 7643 §4.1 User. Attributes beyond these are ignored." });
export type ScimUserInput = z.infer<typeof ScimUserInput>;

export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** RFC 7644 §3.5.2. `op` in any case: Entra ID sends `Replace`, `Add`. */
export const ScimPatchInput = z
  .looseObject({
    schemas: z.array(z.string()).max(10).optional(),
    Operations: z
      .array(z.looseObject({ op: z.string().max(20), path: z.string().max(500).optional(), value: z.unknown().optional() }))
      .min(1)
      .max(100),
  })
  .meta({ description: "RFC 7644 §3.5.2 PatchOp: `add`, `replace`, `remove`, with a path or (add, replace) a value object." });
export type ScimPatchInput = z.infer<typeof ScimPatchInput>;

/** RFC 7644 §3.4.2: `startIndex` 1-based, `count` lowered to the most a page holds. */
export const ScimListQuery = z.object({
  filter: z.string().max(1000).optional().meta({ example: 'userName eq "ada@example.com"' }),
  startIndex: z.coerce.number().int().optional().meta({ description: "1-based; below 1 is 1 (RFC 7644 §3.4.2.4)." }),
  count: z.coerce.number().int().optional().meta({ description: "At most 100; negative is 0 (RFC 7644 §3.4.2.4)." }),
  attributes: z.string().max(1000).optional(),
  excludedAttributes: z.string().max(1000).optional(),
});
export type ScimListQuery = z.infer<typeof ScimListQuery>;

export const ScimProjectionQuery = ScimListQuery.pick({ attributes: true, excludedAttributes: true });

/** A member as directories send one: `value` is the person's User id (`display`, `$ref` and `type` are read-only and ignored). */
const ScimMemberInput = z.looseObject({ value: z.string().trim().min(1).max(100) });
export const ScimMembersInput = z.array(ScimMemberInput).max(1000);

/** RFC 7643 §4.2's Group, for POST and PUT. */
export const ScimGroupInput = z
  .looseObject({
    schemas: z.array(z.string()).max(10).optional(),
    displayName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .meta({ description: "The group's name: what the SSO mapping's `group` matches (as does its externalId). Unique in the workspace, case-insensitively.", example: "roster-admins" }),
    externalId: z.string().max(256).nullish().meta({ description: "The directory's own id for the group (Entra ID: the group's object id, which its ID tokens name)." }),
    members: ScimMembersInput.optional().meta({ description: "The people in it, by User id. On PUT, absent means none (RFC 7644 §3.5.1)." }),
  })
  .meta({ description: "RFC 7643 §4.2 Group. Attributes beyond these are ignored." });
export type ScimGroupInput = z.infer<typeof ScimGroupInput>;
