import { z } from "zod";
import { PageQuery } from "../store/page";
import { SlugSchema } from "../store/tenants";
import * as User from "../user";
import { TENANT_ROLES } from "../store/memberships";

export const TenantRoleSchema = z.enum(TENANT_ROLES).meta({ description: "OPERATOR_* for operators and contractors, CLIENT_* for client users." });

const instant = z.iso
  .datetime({ offset: true, message: "Use an ISO-8601 date-time, e.g. 2026-12-31T18:00:00Z." })
  .transform((value) => new Date(value).toISOString());

export const PutMembershipInput = z.object({
  role: TenantRoleSchema,
  expiresAt: instant
    .nullable()
    .optional()
    .meta({
      description:
        "Required (in the future) for contractors; access ends at this instant. On an existing membership, omitted keeps the current expiry and `null` clears it.",
    }),
});

export const MembershipParams = z.object({ slug: SlugSchema, userId: z.string().min(1).max(64) });

export const MembershipListQuery = PageQuery.extend({
  tenant: SlugSchema.optional(),
  userId: z.string().min(1).max(64).optional(),
  expiringBefore: instant.optional().meta({ description: "Only memberships that expire before this instant." }),
});

export const ClientRoleSchema = z
  .enum(["CLIENT_ADMIN", "CLIENT_VIEWER"])
  .meta({ description: "An invitation makes a client user: CLIENT_ADMIN or CLIENT_VIEWER.", example: "CLIENT_VIEWER" });

export const InviteClientInput = z.object({
  // The document shows a pipe's input side, so the example is repeated on the whole.
  email: z.string().trim().pipe(User.EmailSchema).meta({ example: "grace@acme-bank.example" }),
  role: ClientRoleSchema,
});
