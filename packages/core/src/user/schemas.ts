import { z } from "zod";
import { ROLES } from "../actor";

export const RoleSchema = z.enum(ROLES).meta({ description: "Global role." });

export const EmailSchema = z
  .email({ message: "Enter a valid email address." })
  .max(254)
  .meta({ example: "ada@example.com" });

export const InviteUserInput = z.object({
  email: z.string().trim().pipe(EmailSchema),
  role: RoleSchema,
});
