import { z } from "zod";
import { DomainError } from "../error";

/** Lowercase letters, digits and dashes, 3–40, starting and ending with a letter or digit. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, "3–40 lowercase letters, digits and dashes, not starting or ending with a dash.")
  .meta({ example: "acme-bank" });

export type TenantItem = { pk: string; sk: string; entity: "Tenant"; slug: string; name: string; createdAt: string; createdBy: { id: string; email: string } };
export type Tenant = { slug: string; name: string; createdAt: string };

export const toTenant = (item: TenantItem): Tenant => ({ slug: item.slug, name: item.name, createdAt: item.createdAt });

export const TenantError = {
  slugTaken: (slug: string) => new DomainError("tenant.slug_taken", `A tenant with the slug ${slug} already exists.`),
  /** Also what a non-member hears about a tenant that exists: its existence is not theirs to learn. */
  notFound: () => new DomainError("tenant.not_found", "No tenant with this slug is visible to you."),
};
