import { z } from "zod";
import { PageQuery } from "../db/page";
import { SlugSchema } from "./tenant";

export const CreateTenantInput = z.object({
  slug: SlugSchema,
  name: z.string().trim().min(1).max(200).meta({ example: "Acme Bank" }),
});

export const TenantListQuery = PageQuery;
