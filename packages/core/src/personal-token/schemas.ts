import { z } from "zod";
import { PageQuery } from "../store/page";

export const CreatePersonalTokenInput = z.object({
  name: z.string().trim().min(1, "Give the token a name.").max(100).meta({ example: "deploy script" }),
  expiresInDays: z.number().int().min(1).max(365).meta({ description: "1–365.", example: 90 }),
});
export type CreatePersonalTokenInput = z.infer<typeof CreatePersonalTokenInput>;

export const ListPersonalTokensQuery = PageQuery;
export type ListPersonalTokensQuery = z.infer<typeof ListPersonalTokensQuery>;
