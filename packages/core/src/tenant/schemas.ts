import { z } from "zod";
import { PageQuery } from "../store/page";
import { SlugSchema } from "../store/tenants";

export const CreateTenantInput = z.object({
  slug: SlugSchema,
  name: z.string().trim().min(1).max(200).meta({ example: "Acme Bank" }),
});

export const TenantListQuery = PageQuery;
