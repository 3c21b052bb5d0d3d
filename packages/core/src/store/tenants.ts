import { z } from "zod";
import type { Db } from "./client";
import { decoder } from "./decode";
import { absent, equals } from "./expression";
import { IndexKeys, Keys } from "./keys";
import { getItem, query } from "./read";
import { Write, type GuardedWrite } from "./transact";

/** Lowercase letters, digits and dashes, 3–40, starting and ending with a letter or digit. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, "3–40 lowercase letters, digits and dashes, not starting or ending with a dash.")
  .meta({ example: "acme-bank" });

const TenantSchema = z.object({
  pk: z.string(),
  sk: z.string(),
  entity: z.literal("Tenant"),
  slug: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), email: z.string() }),
});
export type TenantItem = z.output<typeof TenantSchema>;
export const decodeTenant = decoder("tenant", TenantSchema);

export const readTenant = (db: Db, slug: string) => getItem(db, Keys.tenant(slug), decodeTenant, { consistent: false });

/** A new tenant; the slug is claimed by the item's own key, so two creations cannot both win. */
export const putTenant = (db: Db, item: TenantItem, onConflict: () => Error): GuardedWrite =>
  Write.put(db, "tenants.create", { ...item, ...IndexKeys.tenantList(item.slug) }, { condition: absent(), onConflict });

/** Every tenant, by slug: the tenant list index, a page of it. */
export const listTenants = (db: Db, page: { limit: number; after?: string }) =>
  query(
    db,
    {
      index: "gsi1",
      key: equals("gsi1pk", IndexKeys.tenantList("").gsi1pk),
      limit: page.limit,
      startKey: page.after ? { ...Keys.tenant(page.after), ...IndexKeys.tenantList(page.after) } : undefined,
    },
    decodeTenant,
  );
