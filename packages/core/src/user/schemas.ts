import { z } from "zod";
import { ROLES } from "../actor";

export const RoleSchema = z.enum(ROLES).meta({
  // What a reader copies from the docs: a working role, not the one that administers everything.
  example: "OPERATOR",
  description:
    "Global role. SUPER_ADMIN administers everything; VIEWER reads everything a SUPER_ADMIN reads and changes nothing but its own account; " +
    "OPERATOR and CONTRACTOR (always until an instant) reach the tenants they are members of; CLIENT_USER, its own company's tenant.",
});

export const EmailSchema = z
  .email({ message: "Enter a valid email address." })
  .max(254)
  .meta({ example: "ada@example.com" });

export const InviteUserInput = z.object({
  // The document shows a pipe's input side, so the example is repeated on the whole.
  email: z.string().trim().pipe(EmailSchema).meta({ example: "ada@example.com" }),
  role: RoleSchema,
});
