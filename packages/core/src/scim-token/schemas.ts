import { z } from "zod";
import { PageQuery } from "../store/page";

export const CreateScimTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name.").max(100).meta({ example: "Okta provisioning" }),
  // Optional: a directory's token is usually pasted once into the identity provider and kept; an
  // admin who wants it to lapse on its own says when.
  expiresInDays: z.number().int().min(1).max(3650).optional().meta({ description: "1–3650. Omitted: the token lasts until revoked.", example: 365 }),
});
export type CreateScimTokenInput = z.infer<typeof CreateScimTokenInput>;

export const ListScimTokensQuery = PageQuery;
export type ListScimTokensQuery = z.infer<typeof ListScimTokensQuery>;

export const ScimTokenIdSchema = z.string().min(1).max(100);
