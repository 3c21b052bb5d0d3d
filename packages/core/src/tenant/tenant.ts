import { error } from "../error";
import { AccessError } from "../policy";
import type { TenantItem } from "../store/tenants";

export type Tenant = { slug: string; name: string; createdAt: string };
export const toTenant = (item: Pick<TenantItem, "slug" | "name" | "createdAt">): Tenant => ({ slug: item.slug, name: item.name, createdAt: item.createdAt });

export const TenantError = {
  slugTaken: error("tenant.slug_taken", (slug: string) => `A tenant with the slug ${slug} already exists.`),
  /** Also what a non-member hears about a tenant that exists: its existence is not theirs to learn. */
  notFound: AccessError.tenantNotFound,
};
